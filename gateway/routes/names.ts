/** How a member is named in lists; someone who left shows as such rather than vanishing from threads. */
export function who(names: ReadonlyMap<number, string>, id: number): { id: number; nickname: string } {
  return { id, nickname: names.get(id) ?? '退会したメンバー' };
}

/** A connection id from its name: readable, unique among `taken`. */
export function connectionId(name: string, taken: ReadonlySet<string>, random: () => string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'connection';
  let id = slug;
  while (taken.has(id)) id = `${slug}-${random()}`;
  return id;
}

/**
 * A connection id from its name: readable, with a random part so that two windows adding "Analytics" at the same
 * moment (neither seeing the other's yet) never pick the same id, and unique among `taken`.
 */
export function connectionId(name: string, taken: ReadonlySet<string>, random: () => string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'connection';
  let id: string;
  do id = `${slug}-${random()}`;
  while (taken.has(id));
  return id;
}

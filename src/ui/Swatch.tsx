/** A colour dot before a name in a table, the same colour the charts draw it in (decorative: the name follows). */
export function Swatch({ colour }: { colour: string | undefined }) {
  if (!colour) return null;
  return <span className="op-dot" style={{ background: colour }} data-colour={colour} aria-hidden="true" />;
}

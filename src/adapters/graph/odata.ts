// OData literals for Graph query options ($filter). A string literal is written in single quotes,
// and a single quote inside it is escaped by doubling it (OData v4.01 ABNF, `SQUOTE-in-string =
// SQUOTE SQUOTE`): O'Brien is 'O''Brien'. The whole query option is then percent-encoded by the
// caller, like any URL query value.

/** `s` as an OData string literal, quotes included: O'Brien → 'O''Brien'. */
export const odataString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

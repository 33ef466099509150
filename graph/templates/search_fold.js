/* Folding and name keys for the search box, shared by the network view and the corpus overview.
 *
 * The parser reads 發改委 and 发改委, （一） and (一) alike (parser/normalize.py); the search box
 * does the same: fold() turns full-width forms into their plain ones (Unicode NFKC) and
 * traditional characters into simplified ones, by the pairs graph/view_data.py puts in the
 * data (DATA.fold, only the pairs the page's names need). Names and what is typed are both
 * folded before they are compared; what is shown is always the name as written.
 *
 * Staff also write one department several ways: 发改委, 发展改革委, 发展和改革委员会, with or
 * without 荆门市 in front. fengong.graph.names.name_key gives every way one key, from the
 * abbreviation data of graph/data/abbreviations.toml; the page carries each unit's keys
 * (computed there) and that same data (DATA.names), and makeNameKey() computes the key of what
 * is typed by the same steps: fold, drop spaces and a party prefix (中共), write the place in
 * front as its level word (荆门市 / 荆门 → 市), write each listed piece in its key form (the
 * longest first, from left to right), and for a central body drop 国家, 国务院 …
 * (tests/test_html_use.py checks that it gives name_key's keys).
 */
"use strict";
function makeSearchFold(pairs) {
  const has = Object.prototype.hasOwnProperty;
  return function fold(text) {
    let out = "";
    for (const ch of String(text).normalize("NFKC")) out += has.call(pairs, ch) ? pairs[ch] : ch;
    return out;
  };
}

function makeNameKey(names, fold) {
  const keyOf = new Map();
  names.groups.forEach((group) => group.forEach((form) => keyOf.set(form, group[0])));
  const every = Array.from(keyOf.keys()).sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = every.length ? new RegExp(every.map(escape).join("|"), "g") : null;

  function dropFront(text, prefixes) {
    for (const prefix of prefixes) {
      if (text.startsWith(prefix) && text.length > prefix.length) return [true, text.slice(prefix.length)];
    }
    return [false, text];
  }

  return function nameKey(text, jurisdiction) {
    let name = dropFront(fold(text).replace(/\s+/g, ""), names.party)[1];
    const place = names.places[jurisdiction || ""];
    if (place) {
      const [prefixes, level] = place;
      const [had, rest] = dropFront(name, prefixes);
      if (had) name = level + rest;
      if (level && name.includes(jurisdiction)) name = name.split(jurisdiction).join(level);
    }
    if (pattern) name = name.replace(pattern, (form) => keyOf.get(form));
    if (jurisdiction === names.central_place) name = dropFront(name, names.central)[1];
    return name;
  };
}

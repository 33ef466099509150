/* Folding for the search box, shared by the network view and the corpus overview.
 *
 * The parser reads 發改委 and 发改委, （一） and (一) alike (parser/normalize.py); the search box
 * does the same: fold() turns full-width forms into their plain ones (Unicode NFKC) and
 * traditional characters into simplified ones, by the pairs graph/html.py puts in the data
 * (DATA.fold, only the pairs the page's names need). Names and what is typed are both folded
 * before they are compared; what is shown is always the name as written.
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

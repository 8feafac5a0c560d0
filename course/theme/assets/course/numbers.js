/* Numbers as people type them, for the quiz and the calculator (window.courseNumber.parse).
 *
 * The course language (<html lang>, from mkdocs.yml's theme.language) decides the decimal mark:
 * "." in English, "," in French or German. The rules, in an English course:
 *   87.5, 0.25, .5, -3     plain numbers
 *   1,234,567  1 234 567   thousands separators (",", ".", spaces or ' between groups of three digits)
 *   1,234.5    1.234,5     both marks: the last one is the decimal mark, whichever convention it is
 *   87,5       0,25        a comma that cannot separate thousands (not followed by exactly three digits,
 *                          or after a leading 0) is a decimal comma: there is no other way to read it
 *   1,234                  ambiguous: 1234 to an English reader, 1.234 to most of Europe. A wrong verdict
 *                          on a misread number teaches the wrong lesson, so this gets a message, never a guess.
 *   1.234                  one decimal mark of the course language is always a decimal mark: 1.234
 *   1e9                    exponents, as in a calculator
 * parse(text) returns {value: Number} or {error: "message"} (or {empty: true} for blank input). */
(function () {
  "use strict";
  if (window.courseNumber) return;

  function decimalMark() {
    try { return (1.5).toLocaleString(document.documentElement.lang || "en").indexOf(",") >= 0 ? "," : "."; }
    catch (e) { return "."; }
  }

  /* Digits grouped in threes by one separator ("1,234,567", "1 234"), as plain digits; or null. */
  function grouped(text) {
    var sep = text.replace(/\d/g, "")[0], parts = text.split(sep);
    if (!/^[1-9]\d{0,2}$/.test(parts[0])) return null;
    for (var i = 1; i < parts.length; i++) if (!/^\d{3}$/.test(parts[i])) return null;
    return parts.join("");
  }

  function finite(value, bad) { return isFinite(value) ? { value: value } : bad; }

  function parse(raw) {
    var mark = decimalMark(), other = mark === "." ? "," : ".";
    var s = String(raw).trim().replace(/[\u2212\u2013]/g, "-").replace(/[\s\u00a0\u202f\u2009'\u2019]+/g, " ");
    var bad = { error: "Type a number, such as 87" + mark + "5." };
    if (s === "") return { empty: true };
    var m = /^([+-]?) ?(\d+)(?:[.,](\d+))?e([+-]?\d+)$/i.exec(s);
    if (m) return finite(Number(m[1] + m[2] + "." + (m[3] || "0") + "e" + m[4]), bad);
    m = /^([+-]?) ?([\d., ]*\d[\d., ]*)$/.exec(s);
    if (!m) return bad;
    var body = m[2], whole = body, fraction = "";
    var at = Math.max(body.lastIndexOf("."), body.lastIndexOf(","));
    if (at >= 0 && body.indexOf(body[at]) === at) {
      /* The last "." or "," appears once: the decimal mark, unless it could also group thousands. */
      whole = body.slice(0, at); fraction = body.slice(at + 1);
      if (/\D/.test(fraction)) return bad;
      if (body[at] === other && /^[1-9]\d{0,2}$/.test(whole) && fraction.length === 3) {
        var word = other === "," ? "comma" : "point";
        return { error: "\u201c" + s + "\u201d could be " + whole + fraction + " or " + whole + mark + fraction +
          ": type " + whole + fraction + " (no " + word + ") or " + whole + mark + fraction + "." };
      }
    }
    if (/\D/.test(whole) && (whole = grouped(whole)) === null) return bad;
    return finite(Number(m[1] + (whole || "0") + "." + (fraction || "0")), bad);
  }

  window.courseNumber = { parse: parse, decimalMark: decimalMark };
})();

// What people are shown of document text and file names: the characters they can see. Bidi
// overrides and isolates can make "report\u202Etxt.exe.md" read as "reportexe.txt.md";
// zero-width characters hide words from the eye but not from a copy; terminal escape sequences
// (colours, OSC 8 links, ESC[2J) take over the terminal that prints them. All of that is
// dropped from what is shown. Citation `text` in the JSON Answer stays the exact slice.

// ESC sequences: CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), DCS/SOS/PM/APC strings,
// and two-character escapes; C1 CSI (U+009B) too.
const ESCAPE_SEQUENCE = /\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?/g;
// Controls other than tab and line breaks (C0, DEL, C1), bidi embeddings, overrides, isolates
// and marks, zero-width spaces, word joiner, BOM, soft hyphen, invisible operators, interlinear
// annotation marks. Joiners (U+200C/U+200D) stay: scripts and emoji sequences need them.
const INVISIBLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

/** Document text (answers, quotes) as it may be shown to a person. */
export function visibleText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(INVISIBLE, "");
}

/**
 * A file name as it may be shown: visible characters only, on one line (a line break in a name
 * shows as ␤, so it cannot start a line of its own in a list of sources).
 */
export function visibleName(name: string): string {
  return visibleText(name)
    .replace(/\r\n|[\n\r\u2028\u2029\x85]/g, "␤")
    .replace(/\t/g, " ")
    .replace(/\p{Cf}/gu, "");
}

import { describe, expect, it } from "vitest";
import { Csv } from "./index.ts";

describe("reading CSV", () => {
  it("reads quoted commas, doubled quotes and line breaks; rows know their number and first line", () => {
    const file =
      'text,accounts\r\n"Hello, world",x\r\n"She said ""hi""\r\nand left",y\r\n\r\nplain,z\r\n';
    const { rows, broken } = Csv.read(file);
    expect(broken).toEqual([]);
    expect(rows).toEqual([
      { row: 1, line: 1, fields: ["text", "accounts"] },
      { row: 2, line: 2, fields: ["Hello, world", "x"] },
      { row: 3, line: 3, fields: ['She said "hi"\r\nand left', "y"] },
      { row: 4, line: 6, fields: ["plain", "z"] },
    ]);
  });

  it("drops a byte order mark and keeps rows of any length for the caller to judge", () => {
    const { rows } = Csv.read("\uFEFFtext,accounts\none,two,three\nsolo\n");
    expect(rows.map((r) => r.fields)).toEqual([
      ["text", "accounts"],
      ["one", "two", "three"],
      ["solo"],
    ]);
  });

  it("reports a quote that is never closed on its own line and reads the rows after it", () => {
    const file = 'text,accounts\n"ok",a\n"never closed,b\n"fine",c\nlast,d\n';
    const { rows, broken } = Csv.read(file);
    expect(broken).toEqual([
      { row: 3, line: 3, code: "unbalanced_quote", message: expect.any(String) },
    ]);
    expect(rows.map((r) => [r.line, r.fields[0]])).toEqual([
      [1, "text"],
      [2, "ok"],
      [4, "fine"],
      [5, "last"],
    ]);
  });

  it("reports text after a closing quote, and a quote left open at the end of the file", () => {
    const { rows, broken } = Csv.read('text,accounts\n"bad"x,a\ngood,b\n"open,c');
    expect(broken.map((b) => [b.line, b.code])).toEqual([
      [2, "unbalanced_quote"],
      [4, "unbalanced_quote"],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 3]);
  });

  it("a quote inside an unquoted field breaks its row: RFC 4180 asks for the field to be quoted", () => {
    const { rows, broken } = Csv.read('text\nsay "cheese" now\n"say ""cheese"" now"\n');
    expect(broken.map((b) => [b.line, b.code])).toEqual([[2, "unbalanced_quote"]]);
    expect(rows[1]?.fields).toEqual(['say "cheese" now']);
  });
});

describe("writing CSV", () => {
  it("quotes fields with commas, quotes or line breaks, and ends every row with CRLF", () => {
    expect(Csv.write([["a", 'say "hi"', "x,y", "two\nlines", "cr\ronly", null, 3]])).toBe(
      'a,"say ""hi""","x,y","two\nlines","cr\ronly",,3\r\n',
    );
  });

  it("reads back what it wrote", () => {
    const table = [
      ["text", "note"],
      ['"Quoted", with commas', "line one\nline two\r\nline three"],
      ["", " spaced "],
    ];
    const { rows, broken } = Csv.read(Csv.write(table));
    expect(broken).toEqual([]);
    expect(rows.map((r) => r.fields)).toEqual(table);
  });
});

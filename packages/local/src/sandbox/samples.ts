import { deflateSync } from "node:zlib";
import { Hono } from "hono";

/**
 * Media and pages for tests to point posts at, the way Cadence points at presigned S3 URLs:
 * a PNG or a JPEG of any size, an MP4 of any byte length (for chunked uploads), a GIF, and an article page
 * with Open Graph tags (for Bluesky link cards).
 */
export function sampleRoutes(): Hono {
  const app = new Hono();
  app.get("/media/sample.png", (c) => {
    const width = clamp(Number(c.req.query("width") ?? 64), 1, 4096);
    const height = clamp(Number(c.req.query("height") ?? 64), 1, 4096);
    return bytes(png(width, height), "image/png");
  });
  app.get("/media/sample.jpg", (c) => {
    // 8×8 unless asked: TikTok photo posts take JPEG or WebP, not PNG.
    const width = clamp(Number(c.req.query("width") ?? 8), 8, 4096);
    const height = clamp(Number(c.req.query("height") ?? 8), 8, 4096);
    return bytes(jpeg(width, height), "image/jpeg");
  });
  app.get("/media/sample.gif", () => bytes(gif, "image/gif"));
  app.get("/media/sample.mp4", (c) =>
    bytes(mp4(clamp(Number(c.req.query("bytes") ?? 4096), 32, 600_000_000)), "video/mp4"),
  );
  app.get("/pages/article", (c) => {
    const origin = new URL(c.req.url).origin;
    return c.html(`<!doctype html><html><head><meta charset="utf-8"><title>Sandbox article</title>
<meta property="og:title" content="A sandbox article">
<meta property="og:description" content="Read all about the sandbox networks.">
<meta property="og:image" content="${origin}/_sandbox/media/sample.png?width=120&amp;height=63">
</head><body><h1>A sandbox article</h1></body></html>`);
  });
  return app;
}

function bytes(data: Uint8Array, type: string): Response {
  return new Response(new Uint8Array(data), {
    headers: { "content-type": type, "content-length": String(data.byteLength) },
  });
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : min;
}

/** A real PNG (8-bit RGB, one colour) so image tooling accepts it. */
export function png(width: number, height: number): Uint8Array {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([0x2b, 0x6c, 0xb0], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A real baseline JPEG (one grey component, Huffman tables holding only "DC difference 0" and
 * "end of block"), so networks that take JPEG only and read its size from the SOF0 marker can
 * be tested (Instagram). Every 8×8 block costs two bits.
 */
export function jpeg(width: number, height: number): Uint8Array {
  const segment = (marker: number, body: number[]) => [
    0xff,
    marker,
    (body.length + 2) >> 8,
    (body.length + 2) & 0xff,
    ...body,
  ];
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const scan = new Uint8Array(Math.ceil((blocks * 2) / 8));
  // Pad the last byte with 1 bits, as the format asks.
  const used = (blocks * 2) % 8;
  if (used > 0) scan[scan.length - 1] = 0xff >> used;
  const oneCode = [1, ...Array(15).fill(0), 0]; // one code of length 1, for symbol 0
  return Uint8Array.from([
    0xff,
    0xd8,
    ...segment(0xdb, [0, ...Array(64).fill(1)]),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, ...oneCode]),
    ...segment(0xc4, [0x10, ...oneCode]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...scan,
    0xff,
    0xd9,
  ]);
}

/** An ISO BMFF file: an `ftyp` box then a `free` box padding it to the requested length. */
export function mp4(length: number): Uint8Array {
  const data = Buffer.alloc(length);
  data.writeUInt32BE(24, 0);
  data.write("ftypisom", 4, "ascii");
  data.writeUInt32BE(0x200, 12);
  data.write("isomavc1", 16, "ascii");
  data.writeUInt32BE(length - 24, 24);
  data.write("free", 28, "ascii");
  return data;
}

/** A 1×1 transparent GIF. */
const gif = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

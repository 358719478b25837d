import { createHash, randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { type FileHandle, mkdir, open, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import S3Object from "s3rver/lib/models/object.js";
import FilesystemStore from "s3rver/lib/stores/filesystem.js";

/**
 * s3rver's file store with S3's read-after-write consistency. The stock store truncates and
 * rewrites an object's file in place, answers the PUT before that file is flushed, and writes the
 * metadata after the object: a GET or LIST in between reads half a body or half a JSON file and
 * fails with InternalError, which busy test runs hit (the outbox lists and reads what the API
 * has just written). Here each file is written aside and renamed into place, metadata first and
 * the object last, so a reader sees the old object or the whole new one, never a piece.
 * Hand-written because no maintained local S3 stand-in runs in-process without Docker.
 */
export class ConsistentStore extends FilesystemStore {
  /**
   * Where files are written before they are renamed into place: beside the bucket folders, not
   * in them, since s3rver's listing stats every file it finds and one renamed away between its
   * readdir and its stat fails the whole listing. The same file system, so a rename is atomic.
   */
  readonly asideDirectory: string;

  constructor(rootDirectory: string) {
    super(rootDirectory);
    this.asideDirectory = `${rootDirectory.replace(/\/+$/, "")}.partial`;
    mkdirSync(this.asideDirectory, { recursive: true });
  }

  /** A listing raced by a DELETE that emptied a folder (or a key removed mid-walk) reads again. */
  override async listObjects(bucket: string, options: object): Promise<unknown> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await super.listObjects(bucket, options);
      } catch (error) {
        // Any file-system race (a file or folder gone, or replaced, between readdir and stat).
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code !== "string" || !code.startsWith("E") || attempt >= 5) {
          // s3rver answers any of these as a bare InternalError; say what it was.
          console.error(`local S3: listing ${bucket} failed:`, error);
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }

  override async putMetadata(
    bucket: string,
    key: string,
    metadata: Record<string, string>,
    md5?: string,
  ): Promise<void> {
    // What the stock method keeps: the allowed headers and the user's x-amz-meta-* ones.
    const kept = Object.fromEntries(
      Object.entries(metadata).filter(
        ([name]) => S3Object.ALLOWED_METADATA.includes(name) || name.startsWith("x-amz-meta-"),
      ),
    );
    if (md5) await this.writeWhole(this.getResourcePath(bucket, key, "object.md5"), md5);
    await this.writeWhole(
      this.getResourcePath(bucket, key, "metadata.json"),
      JSON.stringify(kept, null, 2),
    );
  }

  override async putObject(object: {
    bucket: string;
    key: string;
    content: Buffer | NodeJS.ReadableStream;
    metadata: Record<string, string>;
  }): Promise<{ size: number; md5: string }> {
    const objectPath = this.getResourcePath(object.bucket, object.key, "object");
    const aside = this.asidePath();
    const hash = createHash("md5");
    let size = 0;
    let md5 = "";
    await ensureDirectory(dirname(objectPath));
    const content = Buffer.isBuffer(object.content)
      ? [object.content]
      : (object.content as NodeJS.ReadableStream);
    try {
      await pipeline(
        content,
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
          },
        }),
        createWriteStream(aside),
      );
      md5 = hash.digest("hex");
      await this.putMetadata(object.bucket, object.key, object.metadata, md5);
      await moveIntoPlace(aside, objectPath);
    } catch (error) {
      await rm(aside, { force: true });
      throw error;
    }
    return { size, md5 };
  }

  /**
   * The stock method sizes the body from one look at the file and streams it from a second
   * opening, so an overwrite in between sends the new body cut to the old length. Here the one
   * open file gives both.
   */
  override async getObject(
    bucket: string,
    key: string,
    options?: { start?: number; end?: number },
  ): Promise<S3Object | null> {
    let file: FileHandle;
    try {
      file = await open(this.getResourcePath(bucket, key, "object"), "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    try {
      const stat = await file.stat();
      const metadata = {
        ...(await this.getMetadata(bucket, key)),
        "last-modified": stat.mtime.toUTCString(),
        "content-length": stat.size,
      };
      const lastByte = Math.max(0, stat.size - 1);
      const ranged = options !== undefined && (options.start !== undefined || !!options.end);
      const range = {
        start: options?.start ?? 0,
        end: Math.min(options?.end || Number.POSITIVE_INFINITY, lastByte),
      };
      if (range.start < 0 || range.end < range.start) {
        // Not satisfiable: s3rver's controller answers 416 from the range alone.
        await file.close();
        const object = new S3Object(bucket, key, null, metadata);
        if (ranged) object.range = range;
        return object;
      }
      const object = new S3Object(bucket, key, file.createReadStream(range), metadata);
      if (ranged) object.range = range;
      return object;
    } catch (error) {
      await file.close();
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  private asidePath(): string {
    return join(this.asideDirectory, randomUUID());
  }

  private async writeWhole(path: string, data: string): Promise<void> {
    const aside = this.asidePath();
    await ensureDirectory(dirname(path));
    try {
      await writeFile(aside, data);
      await moveIntoPlace(aside, path);
    } catch (error) {
      await rm(aside, { force: true });
      throw error;
    }
  }

  override async deleteObject(bucket: string, key: string): Promise<void> {
    // The stock method also removes emptied folders; a concurrent PUT or DELETE under the same
    // folder can empty or remove it first, which is not an error.
    try {
      await super.deleteObject(bucket, key);
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code !== "ENOENT" &&
        (error as NodeJS.ErrnoException).code !== "ENOTEMPTY"
      )
        throw error;
    }
  }
}

async function ensureDirectory(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
}

/** Renames into place, recreating the folder if a concurrent DELETE removed it as empty. */
async function moveIntoPlace(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await ensureDirectory(dirname(to));
    await rename(from, to);
  }
}

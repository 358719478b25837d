// s3rver ships no type declarations; this covers the part of its API the local stack uses.
declare module "s3rver" {
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    resetOnClose?: boolean;
    vhostBuckets?: boolean;
    allowMismatchedSignatures?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    /** Koa's middleware list (s3rver is a Koa app); composed when the server starts. */
    middleware: ((context: never, next: () => Promise<void>) => unknown)[];
    /** The object store; the controllers read it from the Koa context. */
    store: unknown;
    context: { store: unknown };
  }
}

// The file store s3rver keeps objects in; packages/local/src/s3-store.ts extends it.
declare module "s3rver/lib/stores/filesystem.js" {
  export default class FilesystemStore {
    constructor(rootDirectory: string);
    getResourcePath(bucket: string, key?: string, resource?: string): string;
    putMetadata(
      bucket: string,
      key: string,
      metadata: Record<string, string>,
      md5?: string,
    ): Promise<void>;
    putObject(object: {
      bucket: string;
      key: string;
      content: Buffer | NodeJS.ReadableStream;
      metadata: Record<string, string>;
    }): Promise<{ size: number; md5: string }>;
    deleteObject(bucket: string, key: string): Promise<void>;
    listObjects(bucket: string, options: object): Promise<unknown>;
    getMetadata(bucket: string, key: string): Promise<Record<string, string | number>>;
    getObject(
      bucket: string,
      key: string,
      options?: { start?: number; end?: number },
    ): Promise<import("s3rver/lib/models/object.js").default | null>;
  }
}

declare module "s3rver/lib/models/object.js" {
  export default class S3Object {
    static ALLOWED_METADATA: string[];
    constructor(
      bucket: string,
      key: string,
      content: NodeJS.ReadableStream | Buffer | null,
      metadata: Record<string, string | number>,
    );
    range?: { start: number; end: number };
  }
}

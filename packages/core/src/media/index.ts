import * as imports from "./import.ts";
import * as info from "./info.ts";
import * as library from "./library.ts";
import * as rendition from "./rendition.ts";
import * as upload from "./upload.ts";
import * as usages from "./usage.ts";

/**
 * A workspace's media library. Files go from the browser straight to S3 with a presigned POST
 * (`createUpload`), are sniffed, probed, thumbnailed and moved into place (`complete`), then
 * listed, searched, described and deleted here. Posts attach them (`attach`, `detach`,
 * `release`) and network adapters fetch them through short-lived URLs (`forPublishing`).
 */
export namespace Media {
  export const Info = info.MediaInfo;
  export type Info = info.MediaInfo;
  export type Publishable = usages.PublishableMedia;
  export type Facts = usages.MediaFacts;

  export const CreateUploadInput = upload.CreateUploadInput;
  export const createUpload = upload.createUpload;
  export const complete = upload.complete;
  export const completesAsJob = upload.completesAsJob;
  export const importFromUrl = imports.importFromUrl;

  export const ListInput = library.ListInput;
  export const list = library.list;
  export const get = library.get;
  export const UpdateInput = library.UpdateInput;
  export const update = library.update;
  export const remove = library.remove;

  export const FitInput = rendition.FitInput;
  export const FitInfo = rendition.FitInfo;
  export type FitInfo = rendition.FitInfo;
  export const requestFit = rendition.requestFit;
  export const fittedFor = rendition.fittedFor;

  export const attach = usages.attach;
  export const detach = usages.detach;
  export const release = usages.release;
  export const usage = usages.usage;
  export const describe = usages.describe;
  export const forPublishing = usages.forPublishing;
}

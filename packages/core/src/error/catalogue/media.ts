import type { Catalogue } from "./entry.ts";

/** Uploaded and imported media. */
export const mediaErrors = {
  media_cannot_fit: {
    status: 400,
    title: "The file cannot be fitted to this network",
    fix: "Choose another file: this one breaks a rule no fitted copy can meet (for example it is shorter than the network's minimum).",
  },
  rendition_not_found: {
    status: 404,
    title: "No such fitted copy",
    fix: "Ask for the fitted copy again from the media library or the composer.",
  },
  media_not_found: {
    status: 404,
    title: "No such media",
    fix: "Reload the media library and choose one of its files.",
  },
  media_not_ready: {
    status: 409,
    title: "The media is not ready",
    fix: "Wait until the file has finished uploading and processing (or choose another one), then try again.",
  },
  media_in_use: {
    status: 409,
    title: "The media is used by scheduled posts",
    fix: "Remove it from the posts that use it, or wait until they are published or canceled, then delete it.",
  },
  media_unreachable: {
    status: 400,
    title: "Cadence could not fetch the file",
    fix: "Give a public https address that answers with the file itself.",
  },
  media_unreadable: {
    status: 400,
    title: "The file cannot be read",
    fix: "The file may be damaged or cut short. Export it again and upload the new file.",
  },
  unsupported_media_type: {
    status: 400,
    title: "This kind of file cannot be posted",
    fix: "Upload a JPEG, PNG, GIF or WebP image, or an MP4 or QuickTime video.",
  },
  upload_missing: {
    status: 409,
    title: "The file has not arrived",
    fix: "Send the file to the upload URL you were given, then complete the upload.",
  },
  upload_too_large: {
    status: 413,
    title: "The file is too large for the plan",
    fix: "Upload a smaller file, or move to a plan that takes larger ones.",
  },
} as const satisfies Catalogue;

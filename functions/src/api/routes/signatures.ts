import { Signature } from "@cadence/core/signature";
import { versionedCollection } from "../versioned.ts";

/** Saved signatures, optionally appended to every scheduled post of some accounts. */
export function signatureRoutes() {
  return versionedCollection({
    name: "Signature",
    noun: { one: "signature", many: "Signatures" },
    segment: "signatures",
    idParam: "signatureId",
    tag: "Signatures",
    info: Signature.Info,
    list: { summary: "The workspace's saved signatures", run: () => Signature.list() },
    create: {
      input: Signature.CreateInput,
      summary: "Save a signature, optionally appended to every scheduled post of some accounts",
      description:
        "With `autoAppend`, each listed account's scheduled posts get the signature after their " +
        "text, separated by a blank line, before the network's length rules count it. Drafts are " +
        "signed when they are scheduled; text that already ends with the signature is not signed " +
        "again. An account gets at most one signature automatically (409 `auto_append_taken`).",
      problems: [409],
      run: (input) => Signature.create(input),
    },
    get: { summary: "One signature", run: (signatureId) => Signature.get(signatureId) },
    update: {
      input: Signature.UpdateInput.omit({ signatureId: true, expectedVersion: true }),
      summary: "Change a signature's name, text or accounts (send the version you edited)",
      description:
        "Send the version you edited as `If-Match` or `version`; a stale one answers 412. Posts " +
        "already signed keep the text they were signed with.",
      problems: [409],
      run: (signatureId, changes, expectedVersion) =>
        Signature.update({ ...changes, signatureId, expectedVersion }),
    },
    remove: {
      summary: "Delete a signature; posts it was appended to keep their text",
      run: async (signatureId) => {
        await Signature.remove({ signatureId });
      },
    },
  });
}

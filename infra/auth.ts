// Sign-in is the API's own (packages/core/src/auth): scrypt password hashes, short-lived HS256
// access tokens and rotating refresh-token families with reuse detection, all in the main
// table. This secret signs the access tokens and list cursors. Set it once per stage before
// its first deploy: `sst secret set AuthSecret "$(openssl rand -base64 48)" --stage <stage>`.
export const authSecret = new sst.Secret("AuthSecret");

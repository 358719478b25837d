// The variables the site reads at build time (Astro's client types declare the rest).
interface ImportMetaEnv {
  /** The public API's base URL, e.g. http://127.0.0.1:3000 locally. */
  readonly PUBLIC_API_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

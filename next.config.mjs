/**
 * The console is a Next.js App Router app in the same package as the SDK. The SDK is plain
 * TypeScript imported by relative or `@/sdk/...` paths, so Next compiles it like app code;
 * better-sqlite3 is a native addon and must stay a Node require, never bundled.
 */
/** @type {import("next").NextConfig} */
const nextConfig = {
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build type-checks the app and what it imports; tests, e2e and bench are checked by
  // `npm run typecheck` (the whole repo), so a half-written test never blocks a build.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  experimental: {
    // CI builds once in a fresh clone and throws `.next` away: writing Turbopack's build cache
    // there only costs CPU (about 15 s, beside the build's type check, on 2 cores). Local
    // rebuilds keep it.
    turbopackFileSystemCacheForBuild: !process.env.CI,
  },
};

export default nextConfig;

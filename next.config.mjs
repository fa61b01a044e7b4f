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
};

export default nextConfig;

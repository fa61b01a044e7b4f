import type { Metadata } from "next";
import { BundlesView } from "@/components/bundles/bundles-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Imported bundles" };

/** Imported incident bundles: import one (drop or choose a file), open or remove the imported ones. */
export default function BundlesPage() {
  return <BundlesView />;
}

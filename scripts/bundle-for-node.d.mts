export interface BundleOptions {
  packageDir: string;
  entry: string;
  outfile: string;
  sourcemap?: boolean;
  conditions?: string[];
  logLevel?: "warning" | "error";
}

/** Bundles `entry`; resolves to the package's parsed package.json. */
export function bundleForNode(options: BundleOptions): Promise<{ dependencies?: Record<string, string> }>;

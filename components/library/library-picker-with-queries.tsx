"use client";
// The library picker with the react-query provider it needs, as one lazily loaded module for the
// pages whose first load has no query library (New order's source picker). The browser has one
// query client per visit (components/providers.tsx), so its cache is the one every page shares.
import type { ComponentProps } from "react";
import { Providers } from "@/components/providers";
import { LibraryPicker } from "./library-picker";

export default function LibraryPickerWithQueries(props: ComponentProps<typeof LibraryPicker>) {
  return (
    <Providers>
      <LibraryPicker {...props} />
    </Providers>
  );
}

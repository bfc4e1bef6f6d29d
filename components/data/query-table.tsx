"use client";
// Every list in the app: one table with its loading, empty, error and pagination states, so each
// page only says which columns it shows.
import { useTranslations } from "next-intl";
import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { cx } from "@/components/ui/cx";
import { Pagination } from "@/components/ui/pagination";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";

type DataAttributes = { [data: `data-${string}`]: string | undefined };
type CellProps = TdHTMLAttributes<HTMLTableCellElement> & DataAttributes;

export type Column<T> = {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  thProps?: ThHTMLAttributes<HTMLTableCellElement>;
  tdProps?: CellProps | ((row: T) => CellProps);
};

/** A header that is only there for screen readers (a column of row actions). */
export const srOnly = (label: string) => <span className="sr-only">{label}</span>;

type RowProps = HTMLAttributes<HTMLTableRowElement> & DataAttributes;

type DataTableProps<T> = {
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  rowProps?: (row: T) => RowProps;
  /** Shown in place of the rows while they load. */
  loading?: boolean;
  /** Shown when the rows have loaded and there are none. */
  empty: ReactNode;
  /** The ids of the columns a phone shows (the rest are hidden below the `sm` breakpoint), so the
   * ones that matter (status, cost) fit on a 390 px screen instead of sitting off to the right. */
  phoneColumns?: string[];
};

/** The table alone, for rows that are already at hand. */
export function DataTable<T>({ columns, rows, rowKey, rowProps, loading, empty, phoneColumns }: DataTableProps<T>) {
  const tc = useTranslations("common");
  const phone = (c: Column<T>) => (phoneColumns && !phoneColumns.includes(c.id) ? "max-sm:hidden" : undefined);
  return (
    <Table>
      <THead>
        <tr>
          {columns.map((c) => (
            <Th key={c.id} {...c.thProps} className={cx(c.thProps?.className, phone(c))}>
              {c.header}
            </Th>
          ))}
        </tr>
      </THead>
      <TBody>
        {loading && <EmptyRow colSpan={columns.length}>{tc("loading")}</EmptyRow>}
        {rows?.length === 0 && <EmptyRow colSpan={columns.length}>{empty}</EmptyRow>}
        {rows?.map((row) => (
          <Tr key={rowKey(row)} {...rowProps?.(row)}>
            {columns.map((c) => {
              const props = typeof c.tdProps === "function" ? c.tdProps(row) : c.tdProps;
              return (
                <Td key={c.id} {...props} className={cx(props?.className, phone(c))}>
                  {c.cell(row)}
                </Td>
              );
            })}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

type PageInfo = { page: number; pageSize: number; total: number };

/** What the table needs of a read: a react-query result or a usePolledJson one. */
export type QueryState<TData> = { data: TData | undefined; error: Error | null; isError: boolean; isPending: boolean };

type QueryTableProps<TData, T> = Omit<DataTableProps<T>, "rows" | "loading"> & {
  query: QueryState<TData>;
  rows: (data: TData) => T[];
  /** Paged lists (their response carries page, pageSize and total) get the pager below. */
  onPage?: TData extends PageInfo ? (page: number) => void : never;
};

/** The table for one query's rows: the error above it, "Loading…" and the empty text inside it. */
export function QueryTable<TData, T>({ query, rows, onPage, ...table }: QueryTableProps<TData, T>) {
  const errorText = useErrorText();
  const page = query.data as (TData & PageInfo) | undefined;
  return (
    <>
      {query.isError && <Alert>{errorText(query.error)}</Alert>}
      <DataTable {...table} loading={query.isPending} rows={query.data === undefined ? undefined : rows(query.data)} />
      {onPage && page && <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={onPage} />}
    </>
  );
}

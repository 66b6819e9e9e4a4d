/** A table's header row: one cell per column label, in the columns' order. */
export const TableHead = ({ labels }: { labels: readonly string[] }) => (
  <thead>
    <tr>
      {labels.map((label, column) => (
        <th key={column}>{label}</th>
      ))}
    </tr>
  </thead>
);

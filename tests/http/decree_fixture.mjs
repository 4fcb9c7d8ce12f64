// An issued decree written straight into its tables (migrations/0018), as
// the decree's issue leaves them: the decree, its annex and the awards. For
// the tests of what follows a decree (published results) to stand on their
// own, whatever the decree's pages do.

/**
 * Issues decree number of cycle through sql (a function running SQL and
 * returning its output): awarded participations get predicate, the others
 * none. Returns the decree's id.
 */
export function issueDecree(sql, { cycle, awarded = [], notAwarded = [], predicate = 'p2ham',
  number = 'MHA-04.UM.04.01 Tahun 2023', at = '2023-12-01T03:00:00Z' }) {
  sql(`INSERT INTO decree (cycle_id, number, decreed_on, place, signer_name, signer_title,
    considerations, award_date, status, created_at, updated_at, issued_at)
    VALUES (${cycle}, '${number}', '${at.slice(0, 10)}', 'Jakarta', 'Menteri',
    'Menteri Hak Asasi Manusia', 'Menimbang.', '${at.slice(0, 4)}-12-10', 'issued', '${at}', '${at}',
    '${at}')`);
  const decree = Number(sql(`SELECT max(id) FROM decree WHERE cycle_id = ${cycle}`));
  const entries = [
    ...awarded.map((p) => `(${decree}, ${p}, 1, '${predicate}', '80.00')`),
    ...notAwarded.map((p) => `(${decree}, ${p}, 0, NULL, '40.00')`),
  ];
  sql(`INSERT INTO decree_entry (decree_id, participation_id, awarded, predicate, total)
    VALUES ${entries.join(', ')}`);
  for (const p of awarded) {
    sql(`INSERT INTO award (participation_id, decree_id, predicate, award_date, created_at)
      VALUES (${p}, ${decree}, '${predicate}', '${at.slice(0, 4)}-12-10', '${at}')`);
  }
  return decree;
}

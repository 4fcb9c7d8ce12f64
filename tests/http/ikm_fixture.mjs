// The fixture of the IKM tests: ten respondents' answers to the nine
// elements, written as the survey's writer leaves them (the answers and
// their counters), with the figures computed by hand.

// Ten respondents' answers to U1..U9. By hand: column sums 33 32 28 38 32
// 35 36 25 31 (290); NRR = sum / 10; Σ NRR = 29; index = 29/9 = 3.2222;
// IKM = 80.5555 -> 80.56, grade B. With the worked example's 0.111 it
// would read 80.48.
export const ANSWERS = [
  [4, 4, 3, 4, 3, 4, 4, 2, 3], [3, 3, 2, 4, 3, 3, 4, 1, 3], [4, 4, 4, 4, 4, 4, 4, 3, 4],
  [3, 3, 3, 4, 3, 3, 3, 2, 3], [3, 2, 1, 3, 2, 3, 3, 1, 2], [4, 3, 3, 4, 4, 4, 4, 4, 3],
  [3, 4, 3, 4, 3, 3, 3, 3, 3], [3, 2, 2, 3, 3, 3, 3, 2, 3], [4, 3, 3, 4, 4, 4, 4, 3, 4],
  [2, 4, 4, 4, 3, 4, 4, 4, 3],
];
export const NRR = ['3,30', '3,20', '2,80', '3,80', '3,20', '3,50', '3,60', '2,50', '3,10'];

/** The fixture's answers and counters for unit in period, as the survey's
 * writer would leave them. */
export function ikmFixture(sql, unit, period) {
  const counts = new Map();
  const rows = ANSWERS.map((a, i) => {
    const answers = Object.fromEntries(a.map((v, k) => [`u${k + 1}`, v]));
    a.forEach((v, k) => counts.set(`u${k + 1}|${v}`, (counts.get(`u${k + 1}|${v}`) || 0) + 1));
    const profile = { gender: i % 2 ? 'p' : 'l', age: '25-34' };
    return `(${unit}, 1, '${period}', '${period.slice(0, 4)}-03-0${(i % 9) + 1}T08:1${i}:00Z', NULL, ` +
      `'${JSON.stringify(answers)}', '${JSON.stringify(profile)}', 'Nama saya Budi, 0812-555', ` +
      `'nonce${unit}${period}${i}')`;
  });
  sql('INSERT INTO survey_answer (unit_id, instrument_id, period, answered_at, service_id, answers, ' +
    `profile, suggestion, nonce) VALUES ${rows.join(', ')}`);
  const cells = [...counts].map(([k, n]) => {
    const [el, v] = k.split('|');
    return `(${unit}, '${period}', '${el}', ${v}, ${n})`;
  });
  sql(`INSERT INTO survey_count (unit_id, period, element, value, n) VALUES ${cells.join(', ')}`);
  sql(`INSERT INTO survey_respondents (unit_id, period, n, last_at) VALUES (${unit}, '${period}', 10, ` +
    `'${period.slice(0, 4)}-03-09T08:19:00Z')`);
}


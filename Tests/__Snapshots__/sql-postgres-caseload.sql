SELECT COALESCE(json_agg(json_build_object('caseworkerId', upper(a.caseworker_id::text), 'caseworkerName', u.display_name, 'openCases', a.open_cases, 'overdueCases', COALESCE(a.overdue_cases, 0)) ORDER BY u.display_name IS NULL, u.display_name, a.caseworker_id), '[]'::json) AS items
FROM (SELECT c.caseworker_id, COUNT(*) AS open_cases, SUM(CASE WHEN c.next_deadline_on < $1 THEN 1 ELSE 0 END) AS overdue_cases
 FROM cases c
 WHERE c.municipality_id = $2 AND c.responsible_unit_id IN ($3, $4)
   AND c.phase <> 'closed'
 GROUP BY c.caseworker_id) a
LEFT JOIN users u ON u.id = a.caseworker_id

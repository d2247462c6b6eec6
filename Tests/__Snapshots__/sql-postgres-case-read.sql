WITH r AS (SELECT c.id, c.municipality_id, c.citizen_id, c.responsible_unit_id, c.caseworker_id, c.phase, c.opened_on, c.closed_on,
c.next_deadline_on, c.next_deadline_kind, c.kle_emne, c.kle_facet, c.document, c.version, c.created_at, c.updated_at, c.case_number, c.paragraphs FROM cases c WHERE "c".municipality_id = $1 AND "c"."responsible_unit_id" IN ($2) AND c.id = $3), audit_row AS (INSERT INTO audit_log (id, occurred_at, occurred_us, municipality_id, user_id, unit_id, action, object_type, object_id, citizen_id, criteria, request_id, client_request_id, channel)
SELECT $4::uuid, $5::timestamptz, $6::bigint,
       $7::uuid, $8::uuid, $9::uuid, $10::text,
       $11::text, CASE WHEN s.n = 1 THEN upper(s.oid::text) END, CASE WHEN s.n = 1 THEN s.cid END,
       $12::text, $13::text, $14::text, $15::text
FROM (SELECT count(*) AS n, (array_agg(r."id"))[1] AS oid, (array_agg(r."citizen_id"))[1] AS cid FROM r) s
WHERE s.n = 1) SELECT * FROM r

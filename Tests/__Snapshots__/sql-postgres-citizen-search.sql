WITH r AS (SELECT id, municipality_id, cpr, given_name, family_name, responsible_unit_id, created_at, updated_at, version FROM citizens WHERE "citizens".municipality_id = $1 AND ("citizens"."responsible_unit_id" IN ($2) OR EXISTS (SELECT 1 FROM cases sc WHERE sc.citizen_id = "citizens"."id" AND sc.responsible_unit_id IN ($3)) OR EXISTS (SELECT 1 FROM citizen_team_access ta WHERE ta.citizen_id = "citizens"."id" AND ta.unit_id IN ($4))) AND cpr = $5), audit_row AS (INSERT INTO audit_log (id, occurred_at, occurred_us, municipality_id, user_id, unit_id, action, object_type, object_id, citizen_id, criteria, request_id, client_request_id, channel)
SELECT $6::uuid, $7::timestamptz, $8::bigint,
       $9::uuid, $10::uuid, $11::uuid, $12::text,
       $13::text, CASE WHEN s.n = 1 THEN upper(s.oid::text) END, CASE WHEN s.n = 1 THEN s.cid END,
       $14::text, $15::text, $16::text, $17::text
FROM (SELECT count(*) AS n, (array_agg(r."id"))[1] AS oid, (array_agg(r."id"))[1] AS cid FROM r) s
) SELECT * FROM r ORDER BY id

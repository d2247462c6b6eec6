WITH r AS (SELECT c.id, c.municipality_id, c.citizen_id, c.responsible_unit_id, c.caseworker_id, c.phase, c.opened_on, c.closed_on,
c.next_deadline_on, c.next_deadline_kind, c.kle_emne, c.kle_facet, c.document, c.version, c.created_at, c.updated_at, c.case_number, c.paragraphs FROM cases c WHERE "c".municipality_id = ?1 AND "c"."responsible_unit_id" IN (?2) AND c.id = ?3) SELECT * FROM r

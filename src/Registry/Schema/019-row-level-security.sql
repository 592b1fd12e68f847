-- Province scope, enforced by PostgreSQL as well as by the queries: row-level security on the tables that hold DNA
-- data and decisions. The runtime connects as matching_runtime, which is neither a superuser nor the tables' owner
-- (matching_owner) and has no BYPASSRLS, so the policies apply to every statement it runs.
--
-- A connection's scope is a setting: matching.scope = 'all' for the registry's own work (searches, imports, the
-- sweep), set for a whole connection; or matching.provinces, a text[] set per transaction (SET LOCAL) for a
-- provincial caller's reads. A connection with neither sees no row.
--
-- What a province sees, as the API shows it: its own profiles and cases; a match, review or alert whose case or
-- person is its own; the other side of such a match (its genotypes are the evidence); duplicates among its own.

CREATE FUNCTION registry.in_scope(province text) RETURNS boolean
    LANGUAGE sql STABLE
AS $$
    SELECT current_setting('matching.scope', true) IS NOT DISTINCT FROM 'all'
        OR province = ANY (nullif(current_setting('matching.provinces', true), '')::text[])
$$;

-- These read past the policies (SECURITY DEFINER, run as the owner, whom ENABLE ROW LEVEL SECURITY does not
-- bind): a policy that read a table with a policy reading it back would recurse.
CREATE FUNCTION registry.case_in_scope(case_id text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
AS $$ SELECT EXISTS (SELECT 1 FROM registry.cases c WHERE c.id = case_id AND registry.in_scope(c.province)) $$;

CREATE FUNCTION registry.profile_in_scope(profile_id text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
AS $$ SELECT EXISTS (SELECT 1 FROM registry.profiles p WHERE p.id = profile_id AND registry.in_scope(p.province)) $$;

-- A case matched with a person in scope, or a person matched with a case in scope: the other side of a visible match.
CREATE FUNCTION registry.case_matched_in_scope(case_id text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
AS $$
    SELECT EXISTS (SELECT 1 FROM registry.matches m JOIN registry.profiles p ON p.id = m.profile_id
                   WHERE m.case_id = case_matched_in_scope.case_id AND registry.in_scope(p.province))
$$;

CREATE FUNCTION registry.person_matched_in_scope(profile_id text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
AS $$
    SELECT EXISTS (SELECT 1 FROM registry.matches m JOIN registry.cases c ON c.id = m.case_id
                   WHERE m.profile_id = person_matched_in_scope.profile_id AND registry.in_scope(c.province))
$$;

ALTER TABLE registry.cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY province_scope ON registry.cases
    USING (registry.in_scope(province) OR registry.case_matched_in_scope(id))
    WITH CHECK (registry.in_scope(province));

ALTER TABLE registry.profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY province_scope ON registry.profiles
    USING (registry.in_scope(province)
           OR (case_id IS NULL AND registry.person_matched_in_scope(id))
           OR (case_id IS NOT NULL AND registry.case_matched_in_scope(case_id)))
    WITH CHECK (registry.in_scope(province));

ALTER TABLE registry.profile_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY province_scope ON registry.profile_history USING (registry.in_scope(province));

ALTER TABLE registry.matches ENABLE ROW LEVEL SECURITY;
CREATE POLICY province_scope ON registry.matches
    USING (registry.case_in_scope(case_id) OR registry.profile_in_scope(profile_id));

ALTER TABLE registry.possible_duplicates ENABLE ROW LEVEL SECURITY;
CREATE POLICY province_scope ON registry.possible_duplicates
    USING (current_setting('matching.scope', true) IS NOT DISTINCT FROM 'all'
           OR (registry.profile_in_scope(profile_id) AND registry.profile_in_scope(duplicate_of)));

ALTER TABLE registry.reviews ENABLE ROW LEVEL SECURITY;
CREATE POLICY province_scope ON registry.reviews
    USING (registry.case_in_scope(case_id) OR registry.profile_in_scope(profile_id));

ALTER TABLE registry.review_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY province_scope ON registry.review_history
    USING (registry.case_in_scope(case_id) OR registry.profile_in_scope(profile_id));

ALTER TABLE registry.alerts ENABLE ROW LEVEL SECURITY;
CREATE POLICY province_scope ON registry.alerts
    USING (registry.case_in_scope(case_id) OR registry.profile_in_scope(profile_id));

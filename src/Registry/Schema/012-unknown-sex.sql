-- A profile's sex may be unknown ('U'): a sibling or a child registered without a sex or Amelogenin. Such a
-- person is searched against every case, and where the candidate's sex enters the LR it is averaged over both.
ALTER TABLE registry.profiles DROP CONSTRAINT profiles_sex_check;
ALTER TABLE registry.profiles ADD CONSTRAINT profiles_sex_check CHECK (sex IN ('M', 'F', 'U'));

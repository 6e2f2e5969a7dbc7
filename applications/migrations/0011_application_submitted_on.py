"""The day each application was submitted, in its program's time zone, stored: the dashboard's counts by day.

The chair's dashboard counts a program's applications by role, status, membership, fee and day submitted in one
grouped query. Converting each of 5,000 submission times to the program's time zone on every request was most of
that query's time; the date is now a column, and a covering index hands the grouped query its columns in order
(an index-only scan, grouped as it is read, no hashing, no row of the table read). A small partial index finds
the fees still due, which the dashboard lists beside the waitlisted mentees (one bitmap of two index scans instead
of reading every application of the program).

The column is written by PostgreSQL itself, so no writer can forget it (the submit service, the participant
import, the admin, bulk inserts of the demo and benchmark data, test factories):

- before each insert of an application, and each update naming its submitted_at, program or submitted_on, the day
  of submitted_at in the program's time zone (NULL when never submitted online);
- after a program's time zone changes, the day of each of its applications again.

Other databases (SQLite in development) keep the column empty and the dashboard converts the time zone in the
query there (dashboard.selectors.intake). The ORM knows the column, not the triggers nor the index.
"""

from django.db import migrations, models

INDEX = "application_counts_idx"
FEE_DUE_INDEX = "application_fee_due_idx"

FORWARD = f"""
CREATE FUNCTION application_submitted_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.submitted_at IS NULL THEN
        NEW.submitted_on := NULL;
    ELSE
        NEW.submitted_on := (NEW.submitted_at AT TIME ZONE (
            SELECT time_zone FROM applications_program WHERE id = NEW.program_id
        ))::date;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER application_submitted_on
    BEFORE INSERT OR UPDATE OF submitted_at, program_id, submitted_on ON applications_application
    FOR EACH ROW EXECUTE FUNCTION application_submitted_on();

CREATE FUNCTION program_time_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE applications_application SET submitted_on = (submitted_at AT TIME ZONE NEW.time_zone)::date
    WHERE program_id = NEW.id AND submitted_at IS NOT NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER program_time_zone_changed
    AFTER UPDATE OF time_zone ON applications_program
    FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
    EXECUTE FUNCTION program_time_zone_changed();

UPDATE applications_application AS application
SET submitted_on = (application.submitted_at AT TIME ZONE program.time_zone)::date
FROM applications_program AS program
WHERE program.id = application.program_id AND application.submitted_at IS NOT NULL;

CREATE INDEX IF NOT EXISTS {INDEX} ON applications_application
    (program_id, role, status, membership, fee_status, submitted_on) INCLUDE (fee_amount);

CREATE INDEX IF NOT EXISTS {FEE_DUE_INDEX} ON applications_application (program_id) WHERE fee_status = 'due';
"""

BACKWARD = f"""
DROP INDEX IF EXISTS {FEE_DUE_INDEX};
DROP INDEX IF EXISTS {INDEX};
DROP TRIGGER IF EXISTS program_time_zone_changed ON applications_program;
DROP FUNCTION IF EXISTS program_time_zone_changed();
DROP TRIGGER IF EXISTS application_submitted_on ON applications_application;
DROP FUNCTION IF EXISTS application_submitted_on();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("applications", "0010_gallery_pool_covering_index")]

    operations = [
        migrations.AddField(
            model_name="application",
            name="submitted_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]

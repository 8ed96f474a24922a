/*
 * demo_profiles.c - the demo scheme's lists (standard keywords,
 * specialties, organisations, sites with coordinates) and a realistic
 * profile for every demo person, inside app_demo_load's transaction.
 *
 * What the demo shows about finding a mentor (the HTTP tests rely on
 * it, tests/http/find.test.mjs):
 *   - chidi.okafor mentors tom.hughes (an active relationship) and has a
 *     capacity of 1, so he is full and offered to nobody;
 *   - sarah.mitchell has set herself "not available";
 *   - amy.clarke declared james.li as her educational supervisor, so he
 *     is never offered to her (he is to everyone else);
 *   - ravi.patel has no personal statement, which the scheme requires of
 *     mentees: his search page asks him to complete his profile;
 *   - fatima.begum is both a mentor and a mentee (never offered to
 *     herself).
 * Profiles are written with the seeding statements of db/search.h, not
 * the app's profile save (profile.c), so the demo does not depend on
 * the profile pages' rules.  The free-text index is rebuilt at the end.
 */
#include "app/app.h"

#include <string.h>

#include "app/finder.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/schemeconf.h"
#include "db/profiles.h"
#include "db/search.h"
#include "db/training.h"

static const char *const keywords[] = {
	"Leadership", "Exams", "Returning to training", "Career planning",
	"Work-life balance", "International medical graduates", "Research",
	"Teaching", "Quality improvement", "Wellbeing",
	"Less than full time training", "Management", "Interview preparation",
	"Portfolio and ARCP", "Academic careers",
	"Parenthood and caring responsibilities",
	"Disability and long-term conditions", "Equality, diversity and inclusion",
	"Resilience", "Changing specialty", "Consultant applications", NULL,
};

static const char *const specialties[] = {
	"Anaesthetics", "Cardiology", "Emergency Medicine", "Gastroenterology",
	"General Practice", "General Surgery", "Geriatric Medicine",
	"Histopathology", "Intensive Care Medicine", "Obstetrics and Gynaecology",
	"Oncology", "Ophthalmology", "Paediatrics", "Psychiatry", "Radiology",
	"Respiratory Medicine", "Trauma and Orthopaedics", "Nursing", "Midwifery",
	"Physiotherapy", "Pharmacy", NULL,
};

static const char *const organisations[] = {
	"Northfield NHS Foundation Trust", "Westmoor Teaching Hospitals NHS Trust",
	"Calder Valley NHS Foundation Trust", "Riverside Community Healthcare NHS Trust",
	NULL,
};

struct site { const char *label; double lat, lon; };
static const struct site sites[] = {
	{"Northfield General Hospital", 53.8008, -1.5491},
	{"Northfield Royal Infirmary", 53.8147, -1.5602},
	{"Westmoor Hospital", 53.7950, -1.7594},
	{"Calder Valley Hospital", 53.7232, -1.8568},
	{"Riverside Community Hospital", 53.6833, -1.4977},
	{NULL, 0, 0},
};

/* The shared part as the table below gives it (the equality answers
 * are left empty: the demo people have not answered them). */
struct demo_shared {
	int64_t unused;
	const char *preferred_name, *pronouns, *contact_email, *phone, *job_role,
	    *organisation, *specialty, *site, *previous_organisations;
};

struct demo_profile {
	const char *username;
	struct demo_shared p;
	/* mentor part (biography NULL: not a mentor) */
	const char *biography, *skills, *mentor_formats;
	int64_t capacity;
	bool unavailable;
	const char *mentor_keywords[6];
	/* mentee part (formats NULL: not a mentee) */
	const char *statement, *reasons, *support_areas, *availability, *mentee_formats;
	int64_t max_travel;
	const char *mentee_keywords[4];
};

#define NFT "Northfield NHS Foundation Trust"
#define WTH "Westmoor Teaching Hospitals NHS Trust"

static const struct demo_profile profiles[] = {
	{"admin", {0, "", "she/her", "", "", "Medical Workforce Lead", NFT, "",
	    "Northfield General Hospital", ""}, NULL, NULL, NULL, 0, false, {NULL},
	    NULL, NULL, NULL, NULL, NULL, 0, {NULL}},
	{"gareth.evans", {0, "", "he/him", "", "", "Mentoring Programme Manager", NFT,
	    "", "Northfield Royal Infirmary", ""}, NULL, NULL, NULL, 0, false, {NULL},
	    NULL, NULL, NULL, NULL, NULL, 0, {NULL}},
	{"chidi.okafor", {0, "", "he/him", "chidi.okafor@northfield.example.nhs.uk",
	    "", "Consultant in Emergency Medicine", NFT, "Emergency Medicine",
	    "Northfield General Hospital", "Lagos University Teaching Hospital; "
	    "Calder Valley NHS Foundation Trust"},
	    "I qualified in Lagos and came to the NHS as an international medical "
	    "graduate in 2009, then trained in emergency medicine in West Yorkshire. "
	    "I have been a consultant for eight years and lead our department's "
	    "clinical governance. I enjoy helping colleagues plan their careers, "
	    "prepare for the FRCEM exams and find their feet in leadership roles.",
	    "Clinical leadership, FRCEM exam preparation, supporting international "
	    "medical graduates, rota and workforce planning, difficult conversations",
	    "in_person,video", 1, false,
	    {"Leadership", "Exams", "International medical graduates", "Career planning",
	    "Management"},
	    NULL, NULL, NULL, NULL, NULL, 0, {NULL}},
	{"sarah.mitchell", {0, "", "she/her", "", "", "Consultant Anaesthetist", NFT,
	    "Anaesthetics", "Northfield General Hospital", ""},
	    "Consultant anaesthetist with an interest in obstetric anaesthesia and "
	    "staff wellbeing. I trained less than full time while my children were "
	    "young and am happy to talk about balancing a medical career with "
	    "caring responsibilities, and about resilience after difficult cases.",
	    "Wellbeing and resilience, less than full time training, returning after "
	    "parental leave, obstetric anaesthesia",
	    "video,phone", 2, true,
	    {"Wellbeing", "Work-life balance", "Less than full time training",
	    "Parenthood and caring responsibilities", "Resilience"},
	    NULL, NULL, NULL, NULL, NULL, 0, {NULL}},
	{"james.li", {0, "", "he/him", "", "", "Consultant Paediatrician", WTH,
	    "Paediatrics", "Westmoor Hospital", "Northfield NHS Foundation Trust"},
	    "Consultant paediatrician and honorary senior lecturer. I combine "
	    "clinical work on the children's ward with research into childhood "
	    "asthma, and I am an educational supervisor for paediatric trainees. "
	    "I can help with academic careers, research funding applications, "
	    "teaching and the MRCPCH exams.",
	    "Academic paediatrics, research and grant writing, medical education, "
	    "MRCPCH exam preparation",
	    "video,phone", 3, false,
	    {"Research", "Academic careers", "Teaching", "Exams"},
	    NULL, NULL, NULL, NULL, NULL, 0, {NULL}},
	{"fatima.begum", {0, "", "she/her", "", "",
	    "Specialty Registrar (ST6) in Obstetrics and Gynaecology", NFT,
	    "Obstetrics and Gynaecology", "Calder Valley Hospital", ""},
	    "Senior registrar in obstetrics and gynaecology. I returned to training "
	    "after two periods of parental leave and now train less than full time. "
	    "I led a quality improvement project on induction of labour and would be "
	    "glad to support anyone returning to training or starting a QI project.",
	    "Returning to training, less than full time training, quality improvement "
	    "projects, portfolio and ARCP preparation",
	    "in_person,video,phone", 2, false,
	    {"Returning to training", "Less than full time training",
	    "Quality improvement", "Parenthood and caring responsibilities",
	    "Portfolio and ARCP"},
	    "I am approaching the end of specialty training and want to prepare for "
	    "consultant applications and a leadership role in the maternity unit.",
	    "Preparing for consultant interviews and leadership.",
	    "Consultant applications, leadership, management of a busy unit",
	    "Weekday evenings", "video", 0,
	    {"Leadership", "Consultant applications", "Interview preparation"}},
	{"tom.hughes", {0, "", "he/him", "", "", "Foundation Year 2 doctor", NFT,
	    "Emergency Medicine", "Northfield General Hospital", ""},
	    NULL, NULL, NULL, 0, false, {NULL},
	    "I am a foundation doctor deciding between emergency medicine and "
	    "acute medicine, and I would like help planning my applications and "
	    "preparing for membership exams.",
	    "Career planning and exam preparation.",
	    "Specialty applications, exams, portfolio",
	    "Tuesday and Thursday afternoons", "in_person,video", 20,
	    {"Career planning", "Exams", "Portfolio and ARCP"}},
	{"amy.clarke", {0, "", "she/her", "", "",
	    "Specialty Trainee (ST2) in Paediatrics", WTH, "Paediatrics",
	    "Westmoor Hospital", ""},
	    NULL, NULL, NULL, 0, false, {NULL},
	    "I am a paediatric trainee interested in research and an academic "
	    "career, and I would like a mentor outside my supervision line.",
	    "Thinking about an academic clinical fellowship.",
	    "Research, academic careers, exams",
	    "Monday mornings", "video,phone", 30,
	    {"Research", "Academic careers", "Exams"}},
	{"ravi.patel", {0, "", "he/him", "", "",
	    "Clinical Fellow in Respiratory Medicine", NFT, "Respiratory Medicine",
	    "Northfield Royal Infirmary", "Apollo Hospitals, Chennai"},
	    NULL, NULL, NULL, 0, false, {NULL},
	    "", "I joined the NHS this year from India.",
	    "Settling into the NHS, exams, specialty training applications",
	    "Flexible", "in_person,video", 15,
	    {"International medical graduates", "Exams", "Career planning"}},
	{"olivia.grant", {0, "", "", "", "", "Staff Nurse", NFT, "Nursing",
	    "Riverside Community Hospital", ""},
	    NULL, NULL, NULL, 0, false, {NULL},
	    "Staff nurse on a community ward, interested in leadership.",
	    "Moving towards a ward manager role.", "Leadership, management",
	    "Wednesdays", "in_person", 10, {"Leadership", "Management"}},
};
#define NPROFILES (sizeof(profiles) / sizeof(profiles[0]))

static enum err
add_list(struct db *db, int64_t scheme_id, const char *list,
    const char *const *labels, int64_t now)
{
	enum err rc = ERR_OK;
	int64_t id;
	for (size_t i = 0; labels[i] && rc == ERR_OK; i++) {
		struct db_option o = {.scheme_id = scheme_id, .list = list,
		    .label = labels[i]};
		rc = db_option_add(db, &o, now, &id);
	}
	return rc;
}

static enum err
add_lists(struct db *db, int64_t scheme_id, int64_t now)
{
	enum err rc = add_list(db, scheme_id, "keyword", keywords, now);
	if (rc == ERR_OK)
		rc = add_list(db, scheme_id, "specialty", specialties, now);
	if (rc == ERR_OK)
		rc = add_list(db, scheme_id, "organisation", organisations, now);
	int64_t id;
	for (size_t i = 0; sites[i].label && rc == ERR_OK; i++) {
		struct db_option o = {.scheme_id = scheme_id, .list = "site",
		    .label = sites[i].label, .has_location = true,
		    .latitude = sites[i].lat, .longitude = sites[i].lon};
		rc = db_option_add(db, &o, now, &id);
	}
	return rc;
}

/* The id of a demo person (made by app_demo_load before this runs). */
static enum err
user_id(struct db *db, struct arena *a, const char *username, int64_t *id)
{
	struct db_user u;
	enum err rc = db_user_by_username(db, a, username, &u);
	if (rc == ERR_OK)
		*id = u.id;
	return rc;
}

static enum err
add_profile(struct db *db, struct arena *a, int64_t scheme_id,
    const struct demo_profile *d, int64_t now)
{
	int64_t uid;
	enum err rc = user_id(db, a, d->username, &uid);
	if (rc != ERR_OK)
		return rc;
	const struct demo_shared *sh = &d->p;
	struct db_profile p = {.user_id = uid, .preferred_name = sh->preferred_name,
	    .pronouns = sh->pronouns, .contact_email = sh->contact_email,
	    .phone = sh->phone, .job_role = sh->job_role,
	    .organisation = sh->organisation, .specialty = sh->specialty,
	    .site = sh->site, .previous_organisations = sh->previous_organisations};
	if ((rc = db_profile_put(db, &p, now)) != ERR_OK)
		return rc;
	if (d->biography) {
		struct db_mentor_profile m = {.user_id = uid, .scheme_id = scheme_id,
		    .biography = d->biography, .skills = d->skills,
		    .capacity = d->capacity > 0 ? d->capacity : -1,
		    .is_available = !d->unavailable, .formats = d->mentor_formats};
		rc = db_mentor_profile_put(db, &m, now);
		for (size_t i = 0; i < 6 && d->mentor_keywords[i] && rc == ERR_OK; i++)
			rc = db_seed_keyword(db, uid, scheme_id, "mentor",
			    d->mentor_keywords[i]);
	}
	if (rc == ERR_OK && d->mentee_formats) {
		struct db_mentee_profile m = {.user_id = uid, .scheme_id = scheme_id,
		    .statement = d->statement, .reasons = d->reasons,
		    .support_areas = d->support_areas, .availability = d->availability,
		    .formats = d->mentee_formats,
		    .max_travel_miles = d->max_travel > 0 ? d->max_travel : -1};
		rc = db_mentee_profile_put(db, &m, now);
		for (size_t i = 0; i < 4 && d->mentee_keywords[i] && rc == ERR_OK; i++)
			rc = db_seed_keyword(db, uid, scheme_id, "mentee",
			    d->mentee_keywords[i]);
	}
	return rc;
}

struct demo_training {
	const char *username, *kind, *course, *provider, *completed, *refresh;
};
static const struct demo_training training[] = {
	{"chidi.okafor", "course", "Mentoring skills for clinicians",
	    "Northfield Leadership Academy", "2023-03-14", "2026-03-14"},
	{"chidi.okafor", "qualification", "ILM Level 5 Certificate in Coaching and "
	    "Mentoring", "Institute of Leadership and Management", "2021-11-02", ""},
	{"sarah.mitchell", "course", "Mentoring skills for clinicians",
	    "Northfield Leadership Academy", "2024-01-22", "2027-01-22"},
	{"james.li", "course", "Educational supervisor training",
	    "Yorkshire and Humber Deanery", "2022-09-05", "2025-09-05"},
	{"fatima.begum", "course", "Peer mentoring foundations",
	    "NHS England Yorkshire and Humber", "2025-02-10", "2028-02-10"},
};

enum err
app_demo_profiles_tx(struct db *db, int64_t scheme_id)
{
	int64_t now = clock_now();
	struct arena *a = arena_new(0);
	enum err rc = add_lists(db, scheme_id, now);
	for (size_t i = 0; i < NPROFILES && rc == ERR_OK; i++)
		rc = add_profile(db, a, scheme_id, &profiles[i], now);
	for (size_t i = 0; i < sizeof(training) / sizeof(training[0]) && rc == ERR_OK;
	    i++) {
		const struct demo_training *t = &training[i];
		struct db_training r = {.kind = t->kind, .course = t->course,
		    .provider = t->provider, .completed_on = t->completed,
		    .refresh_due_on = t->refresh};
		int64_t tid;
		rc = user_id(db, a, t->username, &r.user_id);
		if (rc == ERR_OK)
			rc = db_training_add(db, &r, now, &tid);
	}
	int64_t chidi, tom, amy, james;
	if (rc == ERR_OK)
		rc = user_id(db, a, "chidi.okafor", &chidi);
	if (rc == ERR_OK)
		rc = user_id(db, a, "tom.hughes", &tom);
	if (rc == ERR_OK)
		rc = user_id(db, a, "amy.clarke", &amy);
	if (rc == ERR_OK)
		rc = user_id(db, a, "james.li", &james);
	/* a live pair: chidi (capacity 1) is full */
	if (rc == ERR_OK)
		rc = db_seed_relationship(db, scheme_id, chidi, tom, now - 30 * 86400);
	/* amy's educational supervisor */
	if (rc == ERR_OK)
		rc = db_conflict_add(db, &(struct db_conflict){.scheme_id = scheme_id,
		    .mentee_id = amy, .mentor_id = james, .name = "James Li",
		    .email = "james.li@northfield.example.nhs.uk", .kind = "supervisor",
		    .declared_by = amy}, now, &(int64_t){0});
	if (rc == ERR_OK)
		rc = app_finder_reindex_scheme_tx(db, scheme_id);
	arena_free(a);
	return rc;
}

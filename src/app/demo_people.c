/*
 * demo_people.c - synthetic data for measuring "Find a mentor" at scale
 * (`tandem demo --people N`, docs/performance.md): a scheme "synthetic"
 * with N mentors and N/10 mentees with varied keywords, specialties,
 * sites, organisations, formats, availability, capacities and generated
 * biographies, plus an administrator, synth.admin.
 *
 * Design: deterministic (a fixed-seed xorshift64* PRNG: the same N gives
 * the same people), one transaction, the seeding statements of
 * db/search.h (prepared once), and one password hash for everybody:
 * the first person is created the ordinary way (argon2id), the rest
 * reuse that hash, because hashing 100,000 passwords would take hours.
 * The free-text index is rebuilt with one set-based statement at the
 * end.  Usernames: synth.mentor.1 ..., synth.mentee.1 ..., synth.admin.
 *
 * For the reports (ADM-4, bench/reports): the people also get equality
 * fields, and the scheme a history of n_mentors / 2 relationships with
 * 5 * n_mentors sessions and the requests that made them (add_history),
 * from a second generator so the search benchmark's people did not
 * change.
 *
 * Trap: biographies draw from a vocabulary of a few hundred words with a
 * skewed distribution (some words common, most rare), so free-text
 * searches behave as they would on real profiles: some words match
 * thousands of mentors, others a handful.
 */
#include "app/demo_people.h"

#include <stdio.h>
#include <string.h>

#include "app/finder.h"
#include "db/profiles.h"
#include "db/reports.h"
#include "db/training.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "db/schemeconf.h"
#include "db/search.h"

/* The generator's state: the command line only (not thread-safe). */
static uint64_t rng_state;

static uint64_t
rng(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* 0 .. n-1 */
static size_t
pick(size_t n)
{
	return (size_t)(rng() % n);
}

/* Skewed towards the start of the list (word frequency). */
static size_t
pick_skewed(size_t n)
{
	size_t a = pick(n), b = pick(n);
	return a < b ? a : b;
}

#define N(a) (sizeof(a) / sizeof(a[0]))

/* A second generator for what the reports need (equality fields,
 * relationships, sessions, requests), so that adding them left the
 * search benchmark's people exactly as they were. */
static uint64_t rng2_state;

static size_t
pick2(size_t n)
{
	uint64_t x = rng2_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng2_state = x;
	return (size_t)((x * 0x2545F4914F6CDD1DULL) % n);
}

static const char *const genders[] = {"Female", "Male", "Non-binary", "Prefer not to say",
	"", "Female", "Female", "Male"};
static const char *const countries[] = {"United Kingdom", "United Kingdom",
	"United Kingdom", "India", "Nigeria", "Pakistan", "Philippines", "Ireland", "Poland",
	"Zimbabwe", "Egypt", "Sri Lanka", ""};

static const char *const given[] = {
	"Aisha", "Ben", "Chloe", "Daniel", "Emma", "Farhan", "Grace", "Harry", "Isla",
	"Jack", "Kavya", "Liam", "Maya", "Noah", "Olivia", "Priya", "Qasim", "Rosie",
	"Samuel", "Tara", "Usman", "Victoria", "William", "Xin", "Yasmin", "Zain",
	"Adebayo", "Bethan", "Ciaran", "Deepa", "Eilidh", "Femi", "Gwen", "Hamza",
	"Imogen", "Joseph", "Kemi", "Laura", "Mohammed", "Niamh", "Oscar", "Rhys",
};
static const char *const family[] = {
	"Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson",
	"Thomas", "Roberts", "Khan", "Patel", "Ali", "Hussain", "Wright", "Walker",
	"Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis", "Martin",
	"Jackson", "Clarke", "Okafor", "Adeyemi", "Nguyen", "Chen", "Kaur", "Singh",
	"Murphy", "Kelly", "Campbell", "Morgan", "Price", "Begum", "Shah", "Ahmed",
};
static const char *const keywords[] = {
	"Leadership", "Exams", "Returning to training", "Career planning",
	"Work-life balance", "International medical graduates", "Research",
	"Teaching", "Quality improvement", "Wellbeing",
	"Less than full time training", "Management", "Interview preparation",
	"Portfolio and ARCP", "Academic careers",
	"Parenthood and caring responsibilities",
	"Disability and long-term conditions", "Equality, diversity and inclusion",
	"Resilience", "Changing specialty", "Consultant applications",
};
static const char *const specialties[] = {
	"Anaesthetics", "Cardiology", "Emergency Medicine", "Gastroenterology",
	"General Practice", "General Surgery", "Geriatric Medicine",
	"Histopathology", "Intensive Care Medicine", "Obstetrics and Gynaecology",
	"Oncology", "Ophthalmology", "Paediatrics", "Psychiatry", "Radiology",
	"Respiratory Medicine", "Trauma and Orthopaedics", "Nursing", "Midwifery",
	"Physiotherapy", "Pharmacy",
};
static const char *const organisations[] = {
	"Northfield NHS Foundation Trust", "Westmoor Teaching Hospitals NHS Trust",
	"Calder Valley NHS Foundation Trust", "Riverside Community Healthcare NHS Trust",
	"Eastbrook University Hospitals NHS Trust", "Southdale NHS Foundation Trust",
	"Highmoor Mental Health NHS Trust", "Coastal Ambulance Service NHS Trust",
};
struct site { const char *label; double lat, lon; };
static const struct site sites[] = {
	{"Northfield General Hospital", 53.8008, -1.5491},
	{"Westmoor Hospital", 53.7950, -1.7594},
	{"Calder Valley Hospital", 53.7232, -1.8568},
	{"Riverside Community Hospital", 53.6833, -1.4977},
	{"Eastbrook University Hospital", 53.9576, -1.0827},
	{"Southdale Royal Infirmary", 53.3811, -1.4701},
	{"Highmoor Hospital", 54.0466, -2.8007},
	{"Coastal District Hospital", 54.2794, -0.4044},
	{"Pennine General Hospital", 53.5448, -2.1185},
	{"Vale Community Hospital", 53.4808, -2.2426},
	{"Harbour City Hospital", 53.7457, -0.3367},
	{"Moorside Children's Hospital", 53.3830, -1.4920},
};
static const char *const roles[] = {
	"Consultant", "Specialty Registrar", "Specialty Doctor", "GP Partner",
	"Advanced Clinical Practitioner", "Ward Manager", "Matron", "Senior Lecturer",
	"Clinical Director", "Associate Specialist", "Consultant Nurse",
	"Senior Physiotherapist", "Lead Pharmacist", "Consultant Midwife",
};
/* The biography vocabulary, commonest first. */
static const char *const words[] = {
	"patients", "team", "training", "clinical", "support", "experience", "care",
	"teaching", "leadership", "service", "trainees", "research", "quality",
	"improvement", "education", "wellbeing", "career", "development", "projects",
	"colleagues", "hospital", "department", "practice", "medicine", "nursing",
	"supervision", "management", "safety", "governance", "audit", "pathway",
	"consultant", "registrar", "foundation", "specialty", "interests", "skills",
	"learning", "simulation", "curriculum", "examinations", "portfolio", "ARCP",
	"appraisal", "revalidation", "mentoring", "coaching", "reflection", "feedback",
	"resilience", "burnout", "workload", "rota", "flexible", "parental", "leave",
	"returning", "confidence", "interview", "applications", "fellowship", "PhD",
	"MD", "publication", "grant", "funding", "trial", "evidence", "guidelines",
	"innovation", "digital", "informatics", "data", "analysis", "statistics",
	"community", "primary", "secondary", "tertiary", "acute", "chronic", "elderly",
	"frailty", "dementia", "stroke", "cardiac", "respiratory", "asthma", "COPD",
	"diabetes", "renal", "dialysis", "transplant", "oncology", "chemotherapy",
	"radiotherapy", "palliative", "end", "life", "paediatric", "neonatal",
	"maternity", "obstetric", "gynaecology", "surgical", "theatre", "anaesthesia",
	"airway", "regional", "intensive", "critical", "emergency", "trauma",
	"orthopaedic", "fracture", "spinal", "neurology", "epilepsy", "headache",
	"psychiatry", "mental", "health", "psychology", "addiction", "liaison",
	"dermatology", "ophthalmology", "cataract", "glaucoma", "ENT", "audiology",
	"radiology", "ultrasound", "imaging", "MRI", "pathology", "microbiology",
	"infection", "sepsis", "antimicrobial", "stewardship", "pharmacy",
	"prescribing", "medicines", "physiotherapy", "rehabilitation",
	"occupational", "therapy", "dietetics", "nutrition", "speech", "language",
	"midwifery", "health", "visiting", "general", "practice", "GP", "locum",
	"rural", "urban", "deprivation", "inequalities", "equality", "diversity",
	"inclusion", "disability", "neurodiversity", "dyslexia", "ADHD", "autism",
	"international", "graduates", "IMG", "PLAB", "MRCP", "MRCS", "FRCA", "FRCEM",
	"MRCPCH", "MRCOG", "MRCGP", "MRCPsych", "FRCR", "exams", "revision",
	"assessment", "OSCE", "written", "viva", "less", "than", "full", "time",
	"LTFT", "childcare", "caring", "responsibilities", "part", "job", "share",
	"academic", "lecturer", "university", "medical", "school", "students",
	"undergraduate", "postgraduate", "deanery", "programme", "director",
	"educational", "supervisor", "tutor", "college", "royal", "committee",
	"board", "chair", "lead", "manager", "operational", "strategy", "budget",
	"business", "planning", "workforce", "recruitment", "retention", "culture",
	"civility", "teamwork", "communication", "difficult", "conversations",
	"complaints", "incidents", "investigation", "human", "factors",
	"ergonomics", "sustainability", "green", "global", "volunteering", "charity",
	"Africa", "India", "Pakistan", "Nigeria", "Egypt", "Sudan", "Philippines",
	"Europe", "military", "sports", "marathon", "cycling", "music", "choir",
	"faith", "family", "children", "carer", "relocation", "Yorkshire",
	"Lancashire", "Manchester", "Leeds", "Sheffield", "York", "Hull", "coast",
};
static const char *const formats[] = {
	"in_person", "video", "phone", "in_person,video", "video,phone",
	"in_person,video,phone", "in_person,phone",
};

static const char *
biography(struct buf *b)
{
	buf_reset(b);
	size_t sentences = 3 + pick(4);
	for (size_t s = 0; s < sentences; s++) {
		size_t n = 6 + pick(10);
		buf_puts(b, s ? " I " : "I ");
		static const char *const verbs[] = {"work in", "lead", "enjoy",
		    "support", "teach", "have experience of", "care about", "can help with"};
		buf_puts(b, verbs[pick(N(verbs))]);
		for (size_t w = 0; w < n; w++) {
			buf_putc(b, ' ');
			buf_puts(b, words[pick_skewed(N(words))]);
		}
		buf_putc(b, '.');
	}
	return buf_str(b);
}

static const char *
skills(struct buf *b)
{
	buf_reset(b);
	size_t n = 4 + pick(6);
	for (size_t w = 0; w < n; w++) {
		if (w)
			buf_puts(b, w % 2 ? " " : ", ");
		buf_puts(b, words[pick_skewed(N(words))]);
	}
	return buf_str(b);
}

struct gen {
	struct db *db;
	int64_t scheme_id, now;
	const char *hash;
	int64_t kw[N(keywords)];
	struct buf bio, sk;
	char username[64], email[96];
};

static enum err
add_options(struct gen *g)
{
	enum err rc = ERR_OK;
	int64_t id;
	for (size_t i = 0; i < N(keywords) && rc == ERR_OK; i++) {
		struct db_option o = {.scheme_id = g->scheme_id, .list = "keyword",
		    .label = keywords[i]};
		rc = db_option_add(g->db, &o, g->now, &g->kw[i]);
	}
	for (size_t i = 0; i < N(specialties) && rc == ERR_OK; i++) {
		struct db_option o = {.scheme_id = g->scheme_id, .list = "specialty",
		    .label = specialties[i]};
		rc = db_option_add(g->db, &o, g->now, &id);
	}
	for (size_t i = 0; i < N(organisations) && rc == ERR_OK; i++) {
		struct db_option o = {.scheme_id = g->scheme_id, .list = "organisation",
		    .label = organisations[i]};
		rc = db_option_add(g->db, &o, g->now, &id);
	}
	for (size_t i = 0; i < N(sites) && rc == ERR_OK; i++) {
		struct db_option o = {.scheme_id = g->scheme_id, .list = "site",
		    .label = sites[i].label, .has_location = true,
		    .latitude = sites[i].lat, .longitude = sites[i].lon};
		rc = db_option_add(g->db, &o, g->now, &id);
	}
	return rc;
}

/* A person with a profile and a role; *id set. */
static enum err
add_person(struct gen *g, const char *role, size_t i, int64_t *id)
{
	const char *gn = given[pick(N(given))], *fn = family[pick(N(family))];
	snprintf(g->username, sizeof(g->username), "synth.%s.%zu", role, i);
	snprintf(g->email, sizeof(g->email), "synth.%s.%zu@synthetic.example.nhs.uk",
	    role, i);
	struct db_user u = {.username = g->username, .email = g->email,
	    .given_name = gn, .family_name = fn, .password_hash = g->hash,
	    .status = "active", .created_at = g->now, .approved_at = g->now};
	enum err rc = db_user_create(g->db, &u, id);
	if (rc == ERR_OK)
		rc = db_role_add(g->db, *id, g->scheme_id, role, g->now);
	if (rc == ERR_OK)
		rc = db_consent_add(g->db, *id, g->scheme_id, 1, g->now);
	const char *spec = specialties[pick(N(specialties))];
	char job[160];
	snprintf(job, sizeof(job), "%s in %s", roles[pick(N(roles))], spec);
	struct db_profile p = {
		.user_id = *id,
		.job_role = job,
		.organisation = organisations[pick(N(organisations))],
		.specialty = spec,
		.site = sites[pick(N(sites))].label,
		.pronouns = "",
		.previous_organisations = pick(3) == 0 ?
		    organisations[pick(N(organisations))] : "",
	};
	char dob[11];
	snprintf(dob, sizeof(dob), "%04zu-%02zu-%02zu", 1955 + pick2(45), 1 + pick2(12),
	    1 + pick2(28));
	p.gender = genders[pick2(N(genders))];
	p.country_of_origin = countries[pick2(N(countries))];
	p.date_of_birth = pick2(10) == 0 ? "" : dob;
	if (rc == ERR_OK)
		rc = db_profile_put(g->db, &p, g->now);
	return rc;
}

static enum err
add_keywords(struct gen *g, int64_t id, const char *role, size_t max)
{
	size_t n = 1 + pick(max);
	int64_t ids[8];
	for (size_t k = 0; k < n && k < 8; k++)
		ids[k] = g->kw[pick_skewed(N(keywords))];   /* a repeat is ignored */
	return db_profile_keywords_set(g->db, id, g->scheme_id, role, ids, n < 8 ? n : 8);
}

/*
 * The scheme's history for the reports (ADM-4): relationships until
 * there are n_mentors / 2 in all, every added one already over
 * (completed, or one in five ended early), started in the last three
 * years, so the people the search benchmark finds full or free stay as
 * they were; 5 * n_mentors sessions in all spread over them (most
 * logged and confirmed, some cancelled, some that did not take place),
 * an approved request before each and a declined one before every
 * fifth.  One pass, prepared statements, inside the caller's
 * transaction.
 */
#define DAY 86400
static enum err
add_history(struct gen *g, int64_t first_mentor, size_t n_mentors, int64_t first_mentee,
    size_t n_mentees, size_t n_existing)
{
	size_t n_rels = n_mentors / 2 > n_existing ? n_mentors / 2 - n_existing : 0;
	size_t n_sessions = 5 * n_mentors;
	enum err rc = ERR_OK;
	for (size_t i = 0; i < n_rels && rc == ERR_OK; i++) {
		struct db_report_seed_rel r = {
			.scheme_id = g->scheme_id,
			.mentor_id = first_mentor + (int64_t)pick2(n_mentors),
			.mentee_id = first_mentee + (int64_t)pick2(n_mentees),
			.started_at = g->now - (int64_t)(30 + pick2(3 * 365)) * DAY -
			    (int64_t)pick2(DAY),
		};
		r.ended_at = r.started_at + (int64_t)(90 + pick2(270)) * DAY;
		if (r.ended_at > g->now - DAY)
			r.ended_at = g->now - DAY - (int64_t)pick2(DAY / 2);
		r.status = pick2(5) == 0 ? "ended_early" : "completed";
		int64_t rel;
		rc = db_report_seed_relationship(g->db, &r, &rel);
		int64_t submitted = r.started_at - (int64_t)(1 + pick2(10)) * DAY;
		if (rc == ERR_OK)
			rc = db_report_seed_request(g->db, g->scheme_id, r.mentee_id, r.mentor_id,
			    "approved", rel, submitted, submitted + (int64_t)(1 + pick2(120)) * 3600);
		if (rc == ERR_OK && i % 5 == 0) {
			int64_t other = first_mentor + (int64_t)pick2(n_mentors);
			if (other != r.mentor_id)
				rc = db_report_seed_request(g->db, g->scheme_id, r.mentee_id, other,
				    "declined", 0, submitted - DAY, submitted - DAY +
				    (int64_t)(1 + pick2(200)) * 3600);
		}
		/* this relationship's share of the sessions, evenly spaced */
		size_t n = n_sessions / n_rels + (i < n_sessions % n_rels ? 1 : 0);
		int64_t span = r.ended_at - r.started_at;
		for (size_t k = 0; k < n && rc == ERR_OK; k++) {
			size_t roll = pick2(30);
			const char *status = roll == 0 || roll == 1 ? "cancelled" : "logged";
			const char *answer = roll == 2 ? "no" : "yes";
			rc = db_report_seed_session(g->db, rel, r.started_at + span * (int64_t)(k + 1) /
			    (int64_t)(n + 1), (int64_t)(30 + 15 * pick2(5)), status, r.mentor_id,
			    answer);
		}
	}
	return rc;
}

enum err
app_demo_people(struct db *db, const char *password, size_t n_mentors,
    struct app_demo_people_result *out)
{
	struct arena *a = arena_new(1 << 16);
	struct gen g = {.db = db, .now = clock_now()};
	buf_init_arena(&g.bio, a, 8192);
	buf_init_arena(&g.sk, a, 4096);
	rng_state = 0x9E3779B97F4A7C15ULL;   /* fixed: the same N, the same data */
	rng2_state = 0xD1B54A32D192ED03ULL;
	*out = (struct app_demo_people_result){0};

	enum err rc = db_begin(db);
	if (rc != ERR_OK) {
		arena_free(a);
		return rc;
	}
	rc = app_scheme_create_tx(db, "synthetic", "Synthetic scheme (generated)",
	    "Generated people for measuring search at scale.", &g.scheme_id);
	int64_t admin_id = 0;
	struct app_new_user admin = {
		.username = "synth.admin",
		.email = "synth.admin@synthetic.example.nhs.uk",
		.given_name = "Synthetic",
		.family_name = "Administrator",
		.password = password,
		.is_active = true,
	};
	if (rc == ERR_OK)
		rc = app_user_create_tx(db, &admin, &admin_id);
	if (rc == ERR_OK)
		rc = db_role_add(db, admin_id, g.scheme_id, "scheme_admin", g.now);
	struct db_user u;
	if (rc == ERR_OK)
		rc = db_user_get(db, a, admin_id, &u);
	if (rc == ERR_OK) {
		g.hash = u.password_hash;
		rc = add_options(&g);
	}
	int64_t first_mentor = 0;
	for (size_t i = 1; i <= n_mentors && rc == ERR_OK; i++) {
		int64_t id;
		rc = add_person(&g, "mentor", i, &id);
		if (i == 1)
			first_mentor = id;
		if (rc == ERR_OK)
			rc = db_mentor_profile_put(db, &(struct db_mentor_profile){
			    .user_id = id, .scheme_id = g.scheme_id,
			    .biography = biography(&g.bio), .skills = skills(&g.sk),
			    .capacity = pick(4) == 0 ? -1 : (int64_t)(1 + pick(4)),
			    .is_available = pick(10) != 0,
			    .formats = formats[pick(N(formats))]}, g.now);
		if (rc == ERR_OK)
			rc = add_keywords(&g, id, "mentor", 5);
		if (rc == ERR_OK && pick(5) == 0)
			rc = db_training_add(db, &(struct db_training){.user_id = id,
			    .kind = "course", .course = "Mentoring skills",
			    .provider = "Synthetic Academy", .completed_on = "2025-01-01",
			    .refresh_due_on = "2028-01-01"}, g.now, &(int64_t){0});
	}
	size_t n_mentees = n_mentors / 10 ? n_mentors / 10 : 1;
	int64_t first_mentee = 0;
	size_t n_seeded = 0;
	for (size_t i = 1; i <= n_mentees && rc == ERR_OK; i++) {
		int64_t id;
		rc = add_person(&g, "mentee", i, &id);
		if (i == 1)
			first_mentee = id;
		if (rc == ERR_OK)
			rc = db_mentee_profile_put(db, &(struct db_mentee_profile){
			    .user_id = id, .scheme_id = g.scheme_id,
			    .statement = "I would like a mentor to help me develop my career.",
			    .reasons = skills(&g.sk), .support_areas = skills(&g.sk),
			    .availability = "Weekday evenings",
			    .formats = formats[pick(N(formats))],
			    .max_travel_miles = (int64_t)(10 + pick(60))}, g.now);
		if (rc == ERR_OK)
			rc = add_keywords(&g, id, "mentee", 3);
		/* a third are already mentored (so some mentors are full) */
		if (rc == ERR_OK && pick(3) == 0 && n_mentors > 0) {
			rc = db_seed_relationship(db, g.scheme_id,
			    first_mentor + (int64_t)pick(n_mentors), id, g.now);
			n_seeded++;
		}
	}
	if (rc == ERR_OK)
		rc = add_history(&g, first_mentor, n_mentors, first_mentee, n_mentees, n_seeded);
	if (rc == ERR_OK)
		rc = app_finder_reindex_scheme_tx(db, g.scheme_id);
	if (rc == ERR_OK)
		rc = app_audit_tx(db, 0, g.scheme_id, "demo.people", "scheme:synthetic",
		    "synthetic people generated", "");
	if (rc == ERR_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc == ERR_OK) {
		out->scheme_id = g.scheme_id;
		out->mentors = n_mentors;
		out->mentees = n_mentees;
	}
	arena_free(a);
	app_finder_forget();
	return rc;
}

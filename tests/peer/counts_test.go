package peer_test

// FlaskSimpleAuth's assertions, counted: every row of the suite runs under
// a subtest named after one of FlaskSimpleAuth's test functions and says,
// with fsaRow, how many of that function's assertions it stands for and
// how (as FSA, with a documented difference, not applicable, not yet).
// TestMain checks that each function's rows add up to its assertions, and
// that docs/PEER.md publishes the counts the rows give.

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

// class says how a row stands for FlaskSimpleAuth's assertions.
type class int

const (
	asFSA         class = iota // checks what FlaskSimpleAuth checks, with its outcome
	differs                    // checks fsa-go's documented difference
	notApplicable              // no meaning in Go: skipped with the reason
	notYet                     // a feature still to build: skipped with the issue
)

var classNames = [...]string{"as FSA", "differs", "n/a", "not yet"}

// fsaFunction is a test function of FlaskSimpleAuth's test/test_flask.py
// (GitHub zx80/flask-simple-auth, commit 083ec847cc746d8bc86341f3639ca0b2d565a265):
// its name, its line, and its assertions, counted as docs/PEER.md says.
type fsaFunction struct {
	name     string
	line     int
	asserts  int
	expanded string // how helper calls and configuration loops were counted
}

// fsaFunctions are the 105 distinct test functions, in file order
// (test_no_cors is defined twice; the second definition, the one pytest
// runs, is counted).
var fsaFunctions = []fsaFunction{
	{"test_sanity", 63, 7, ""},
	{"test_early_return", 183, 4, ""},
	{"test_perms", 189, 217, "19, and all_auth's 22 x9"},
	{"test_whatever", 227, 10, ""},
	{"test_register", 241, 73, "7, and all_auth's 22 x3"},
	{"test_fsa_token", 259, 13, ""},
	{"test_jwt_token", 343, 8, ""},
	{"test_invalid_token", 387, 2, ""},
	{"test_password_lazy_init", 407, 2, ""},
	{"test_password_check", 414, 18, ""},
	{"test_no_password_manager", 478, 1, ""},
	{"test_plaintext_password", 486, 2, ""},
	{"test_fsa_password_simple_schemes", 496, 8, "check_various_passwords's 2 for each of plaintext, fsa:plaintext, fsa:b64, fsa:a85"},
	{"test_fsa_password_bcrypt_scheme", 502, 4, "check_various_passwords's 2 for each of bcrypt, fsa:bcrypt"},
	{"test_fsa_password_argon2_scheme", 508, 4, "check_various_passwords's 2 for each of argon2, fsa:argon2"},
	{"test_fsa_password_scrypt_scheme", 514, 4, "check_various_passwords's 2 for each of scrypt, fsa:scrypt"},
	{"test_passlib_password_scheme", 520, 4, "check_various_passwords's 2 for each of passlib:plaintext, passlib:argon2"},
	{"test_passlib_password_scheme_list", 526, 5, ""},
	{"test_password_quality", 537, 16, ""},
	{"test_authorize", 601, 5, ""},
	{"test_self_care", 621, 10, ""},
	{"test_typed_params", 636, 27, ""},
	{"test_types", 671, 48, ""},
	{"test_params", 722, 14, ""},
	{"test_missing", 738, 3, ""},
	{"test_nogo", 743, 1, ""},
	{"test_route", 746, 8, ""},
	{"test_infer", 756, 4, ""},
	{"test_when", 762, 4, ""},
	{"test_uuid", 768, 4, ""},
	{"test_complex", 776, 5, ""},
	{"test_bool", 783, 9, ""},
	{"test_custom", 794, 8, ""},
	{"test_appext", 805, 10, ""},
	{"test_blueprint", 820, 6, ""},
	{"test_blueprint_2", 828, 6, ""},
	{"test_appfact", 836, 19, ""},
	{"test_something_1", 860, 4, ""},
	{"test_something_2", 867, 4, ""},
	{"test_something_3", 874, 4, ""},
	{"test_401_redirect", 881, 5, ""},
	{"test_path", 892, 4, ""},
	{"test_string", 898, 2, ""},
	{"test_www_authenticate", 902, 10, ""},
	{"test_http_basic", 935, 3, ""},
	{"test_http_digest", 941, 1, ""},
	{"test_http_token", 949, 7, ""},
	{"test_per_route", 972, 64, ""},
	{"test_default_auth", 1052, 5, ""},
	{"test_bad_app", 1086, 21, ""},
	{"test_typeof", 1241, 2, ""},
	{"test_f2", 1247, 10, ""},
	{"test_underscore", 1259, 5, ""},
	{"test_no_cors", 1272, 4, ""},
	{"test_bad_2", 1285, 4, ""},
	{"test_bad_3", 1298, 4, ""},
	{"test_bad_4", 1311, 4, ""},
	{"test_bads", 1318, 10, ""},
	{"test_object_perms", 1354, 15, ""},
	{"test_object_perms_errors", 1375, 11, ""},
	{"test_authorize_errors", 1460, 6, ""},
	{"test_group_errors", 1510, 2, ""},
	{"test_scope_errors", 1532, 3, ""},
	{"test_memcached_cache", 1579, 34, "run_some_checks's 17 on each of 2 apps (2 prefixes)"},
	{"test_redis_cache", 1589, 34, "run_some_checks's 17 on each of 2 apps (2 prefixes)"},
	{"test_caches", 1597, 306, "run_some_checks's 17 on each of 18 apps (7 kinds, tlru and a custom cache; 2 prefixes each)"},
	{"test_no_such_cache", 1615, 1, ""},
	{"test_warnings_and_errors", 1623, 15, ""},
	{"test_jsondata", 1728, 20, ""},
	{"test_www_authenticate_priority", 1776, 26, ""},
	{"test_jwt_authorization", 1819, 5, ""},
	{"test_error_response", 1858, 26, ""},
	{"test_add_headers", 1956, 3, ""},
	{"test_request_hooks", 1969, 5, ""},
	{"test_mode", 2003, 113, "1, and hello's 8 on each of 14 apps (debug True, False; 7 modes)"},
	{"test_shadowing", 2015, 18, ""},
	{"test_cookie", 2036, 6, ""},
	{"test_headers", 2047, 3, ""},
	{"test_user_errors", 2052, 4, ""},
	{"test_param_params", 2070, 9, ""},
	{"test_file_storage", 2124, 23, ""},
	{"test_param_types", 2187, 4, ""},
	{"test_jsonify_with_generators", 2222, 10, ""},
	{"test_jsonify_with_types", 2250, 12, ""},
	{"test_pydantic_models", 2310, 29, ""},
	{"test_special_parameters", 2405, 9, ""},
	{"test_multi_400", 2474, 8, ""},
	{"test_before_exec", 2508, 6, ""},
	{"test_custom_authentication", 2529, 5, ""},
	{"test_default_type", 2548, 14, ""},
	{"test_group_check", 2583, 5, ""},
	{"test_generics", 2609, 76, ""},
	{"test_streaming", 2799, 12, "its 6 for FSA_JSON_STREAMING True, then False"},
	{"test_mixing", 2820, 8, ""},
	{"test_open", 2858, 3, "run_authorize's 1 for each of OPEN, ANY, NOAUTH"},
	{"test_close", 2861, 3, "run_authorize's 1 for each of CLOSE, NONE, NOBODY"},
	{"test_auth", 2864, 3, "run_authorize's 1 for each of AUTH, AUTHENTICATED, ALL"},
	{"test_open_auth", 2867, 0, ""},
	{"test_auth_close", 2885, 0, ""},
	{"test_optional_params", 2892, 3, ""},
	{"test_ldap", 2945, 1, "ldap_tests's 1"},
	{"test_ldap3", 2949, 1, "ldap_tests's 1"},
	{"test_deprecation", 2952, 5, ""},
	{"test_otp", 3003, 4, ""},
	{"test_path_check", 3034, 3, ""},
}

// tally holds, per FlaskSimpleAuth test function, the assertions its rows
// stood for, by class, and the top-level test it ran under.
var tally = struct {
	sync.Mutex
	fn map[string]*fnTally
}{fn: map[string]*fnTally{}}

type fnTally struct {
	tops []string
	n    [len(classNames)]int
}

// fsaRow records that the running row stands for n assertions, in class
// c, of the FlaskSimpleAuth test function the test runs under (the first
// element of its name that starts with "test_"). A notApplicable or
// notYet row is then skipped with why; a differs row logs it.
func fsaRow(t *testing.T, c class, n int, why string) {
	t.Helper()
	parts := strings.Split(t.Name(), "/")
	i := slices.IndexFunc(parts, func(p string) bool { return strings.HasPrefix(p, "test_") })
	if i < 0 || !slices.ContainsFunc(fsaFunctions, func(f fsaFunction) bool { return f.name == parts[i] }) {
		t.Fatalf("row %s runs under no FlaskSimpleAuth test function", t.Name())
	}
	tally.Lock()
	f := tally.fn[parts[i]]
	if f == nil {
		f = &fnTally{}
		tally.fn[parts[i]] = f
	}
	if !slices.Contains(f.tops, parts[0]) {
		f.tops = append(f.tops, parts[0])
	}
	f.n[c] += n
	tally.Unlock()
	switch c {
	case notApplicable:
		t.Skip("n/a: " + why)
	case notYet:
		t.Skip("not yet: " + why)
	case differs:
		t.Log("differs: " + why)
	}
}

// caseAsserts is the assertions a request row stands for unless it says:
// 1 for its status, and 1 more if it also checks the body or headers
// (FlaskSimpleAuth's `res = check(200, ...)` then `assert res.data == ...`).
func caseAsserts(tc fsatest.Case) int {
	if tc.WantBody != "" || tc.WantExact != nil || tc.WantJSON != nil || tc.WantHeader != nil {
		return 2
	}
	return 1
}

// how says how a row stands for FlaskSimpleAuth's assertions: as FSA
// unless it says otherwise.
type how struct {
	n       int    // the assertions it stands for (0: the row's default)
	own     bool   // a check of ours, standing for no FlaskSimpleAuth assertion
	differs string // asserts our documented difference, this one
	na      string // no meaning in Go: skipped with this reason
	notYet  string // a feature still to build, naming its issue: skipped
}

// record says so with fsaRow for the running row, whose assertions are
// def unless h.n says.
func (h how) record(t *testing.T, def int) {
	t.Helper()
	n := cmp.Or(h.n, def)
	if h.own {
		n = 0
	}
	switch {
	case h.na != "":
		fsaRow(t, notApplicable, n, h.na)
	case h.notYet != "":
		fsaRow(t, notYet, n, h.notYet)
	case h.differs != "":
		fsaRow(t, differs, n, h.differs)
	default:
		fsaRow(t, asFSA, n, "")
	}
}

var update = flag.Bool("update", false, "write the assertion counts into docs/PEER.md")

// TestMain runs the suite, then checks the counts: each function seen
// must add up to its assertions and run under one top-level test; when
// the whole suite ran, every function must be seen and docs/PEER.md must
// hold the counts (-update writes them).
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 {
		if err := checkTally(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

const peerDoc = "../../docs/PEER.md"

// Markers around the generated table of docs/PEER.md.
const (
	countsBegin = "<!-- counts: go test ./tests/peer -update -->\n"
	countsEnd   = "<!-- end of counts -->\n"
)

func checkTally() error {
	var problems []string
	for _, f := range fsaFunctions {
		got := tally.fn[f.name]
		if got == nil {
			continue
		}
		if sum := got.n[asFSA] + got.n[differs] + got.n[notApplicable] + got.n[notYet]; sum != f.asserts {
			problems = append(problems, fmt.Sprintf("%s: rows stand for %d assertions %v, FlaskSimpleAuth has %d", f.name, sum, got.n, f.asserts))
		}
		if len(got.tops) > 1 {
			problems = append(problems, fmt.Sprintf("%s: runs under %s: keep a function under one test", f.name, strings.Join(got.tops, " and ")))
		}
	}
	whole := flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" && !testing.Short()
	if whole {
		for _, f := range fsaFunctions {
			if tally.fn[f.name] == nil {
				problems = append(problems, f.name+": no row")
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("peer suite counts:\n  %s", strings.Join(problems, "\n  "))
	}
	if !whole {
		return nil
	}
	doc, err := os.ReadFile(peerDoc)
	if err != nil {
		return err
	}
	begin, end := bytes.Index(doc, []byte(countsBegin)), bytes.Index(doc, []byte(countsEnd))
	if begin < 0 || end < begin {
		return fmt.Errorf("%s: no counts markers", peerDoc)
	}
	table := countsTable()
	current := doc[begin+len(countsBegin) : end]
	switch {
	case bytes.Equal(current, table):
		return nil
	case *update:
		return os.WriteFile(peerDoc, slices.Concat(doc[:begin+len(countsBegin)], table, doc[end:]), 0o644)
	}
	return fmt.Errorf("%s: the counts are not the rows' (go test ./tests/peer -update writes them)", peerDoc)
}

// countsTable is the Markdown table of the counts, a row per function and
// the totals.
func countsTable() []byte {
	var b bytes.Buffer
	b.WriteString("| FlaskSimpleAuth test function | assertions | as FSA | differs | n/a | not yet | Go test |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---|\n")
	var total [len(classNames)]int
	var all int
	for _, f := range fsaFunctions {
		got := tally.fn[f.name]
		asserts := fmt.Sprint(f.asserts)
		if f.expanded != "" {
			asserts += " (" + f.expanded + ")"
		}
		fmt.Fprintf(&b, "| %s (line %d) | %s |", f.name, f.line, asserts)
		for c := range total {
			total[c] += got.n[c]
			fmt.Fprintf(&b, " %d |", got.n[c])
		}
		fmt.Fprintf(&b, " %s |\n", strings.Join(got.tops, ", "))
		all += f.asserts
	}
	fmt.Fprintf(&b, "| **%d functions** | **%d** |", len(fsaFunctions), all)
	for _, n := range total {
		fmt.Fprintf(&b, " **%d** |", n)
	}
	b.WriteString(" |\n")
	return b.Bytes()
}

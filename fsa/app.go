package fsa

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsa-go/fsa-go/internal/digest"
	"github.com/fsa-go/fsa-go/internal/guard"
	"github.com/fsa-go/fsa-go/internal/password"
	"github.com/fsa-go/fsa-go/internal/throttle"
	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// App is a web application: echo underneath, the configuration, the
// routes with their authorizations, and the hooks. It is an http.Handler.
type App struct {
	name          string
	config        Config
	echo          *echo.Echo
	log           *slog.Logger
	format        ErrorFormatter
	problemFormat bool // FSA_ERROR_RESPONSE = "problem": 400s list their Error.Problems
	validate      *validator.Validate
	now           func() time.Time
	cache         *countedCache
	tokens        *tokens // nil when FSA_TOKEN_TYPE is None
	limits        Limits
	addHeaders    [][2]string // FSA_ADD_HEADERS, canonical names and values, sorted
	noData        requestData // the parameters of a request that has none; never changed
	proxies       proxies
	convs         *converters // input types' converters, built while declaring
	specials      map[reflect.Type]func(*Context) (reflect.Value, error)
	schemes       map[string]scheme
	routes        []*route

	passwords       *password.Hasher
	gate            *throttle.Gate      // FSA_PASSWORD_CONCURRENCY verifications at once
	throttle        *throttle.Throttler // nil when FSA_THROTTLE is off
	throttled, shed atomic.Int64        // requests refused 429 by the throttle, 503 at the gate
	hashed          atomic.Int64        // password verifications run, dummy ones included
	getUserPass     func(ctx context.Context, login string) (string, error)
	passwordCheck   func(ctx context.Context, login, password string) (bool, error)
	passwordQuality func(password string) error
	passwordRehash  func(ctx context.Context, login, hash string) error
	groupChecks     map[string]func(ctx context.Context, login string) (bool, error)
	userInGroup     func(ctx context.Context, login, group string) (bool, error)
	objectHooks     map[string]objectHook
	objectModes     map[string][]string // by domain, the modes its routes declare, for UncacheObject
	spots           spots               // where the directives were given, for Check's errors
	beforeRequest   []func(*Context) error
	beforeExec      []func(*Context) error
	afterHooks      []func(*Context, int)
	pathChecks      []func(method, path string) error
	digestHA1       func(ctx context.Context, login, realm, algorithm string) (string, error)
	digest          *digest.Checker
	digestWarn      *sharedWarn // of a shared nonce count store lost
	errs            []error     // declaration errors, reported by Check

	mu        sync.Mutex // guards routes, errs and frozen while declaring
	frozen    bool       // Check has run: no more declarations
	checkOnce sync.Once
	checkErr  error
	openapi   []byte // the OpenAPI document, built by Check
}

// Option configures an App in New.
type Option func(*options)

type options struct {
	settings []setting
	files    []configSource
	lookup   func(string) (string, bool)
	logger   *slog.Logger
	format   ErrorFormatter
	now      func() time.Time
	cache    Cache
	limits   Limits
}

// RequestLimits sets the app's request limits (see Limits).
func RequestLimits(l Limits) Option {
	return func(o *options) { o.limits = l }
}

// Clock replaces time.Now for the app's tokens, throttling, Digest nonces
// and one-time passwords: for tests, and for reproducing a token.
func Clock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// Caching replaces the app's in-process cache, for instance with a store
// that several processes share.
func Caching(c Cache) Option {
	return func(o *options) { o.cache = c }
}

// ConfigFile reads the configuration file at path (see
// docs/DOCUMENTATION.md for its grammar). An empty path reads nothing, so
// that ConfigFile(os.Getenv("APP_CONFIG")) makes the file optional.
func ConfigFile(path string) Option {
	return func(o *options) {
		if path != "" {
			o.files = append(o.files, configSource{name: path})
		}
	}
}

// ConfigData reads a configuration from data, for instance an embedded
// file; name identifies it in error messages.
func ConfigData(name string, data []byte) Option {
	return func(o *options) {
		o.files = append(o.files, configSource{name: name, data: append([]byte{}, data...)})
	}
}

// Set sets a directive (or an application setting) in code, as a
// configuration file line would. The files and the environment override
// it. Values are strings, integers, floats, booleans, nil, slices and
// maps of those.
func Set(name string, value any) Option {
	return func(o *options) {
		o.settings = append(o.settings, setting{Name: name, Value: normalizeValue(value)})
	}
}

// LookupEnv replaces os.LookupEnv for reading directives from the
// environment; nil ignores the environment.
func LookupEnv(lookup func(string) (string, bool)) Option {
	return func(o *options) { o.lookup = lookup }
}

// Logger sets the logger; the default writes text to standard error at a
// level that follows FSA_MODE.
func Logger(l *slog.Logger) Option {
	return func(o *options) { o.logger = l }
}

// ErrorFormat replaces FSA_ERROR_RESPONSE with a function that writes the
// body of every error response.
func ErrorFormat(f ErrorFormatter) Option {
	return func(o *options) { o.format = f }
}

// New creates an app named name (the default realm). It returns the
// configuration errors, each a *ConfigError, all at once.
func New(name string, opts ...Option) (*App, error) {
	o := options{lookup: os.LookupEnv}
	for _, opt := range opts {
		opt(&o)
	}

	// Every configuration error at once: the load's, then those of the
	// setups that read the loaded values, each at its directive's place.
	cfg := defaultConfig()
	cfg.Realm = name
	// A check runs only on values given (ld.known): a refused value, or a
	// file not read to its end, would make it report consequences.
	var errs []error
	ld, err := cfg.load(o.settings, o.files, o.lookup)
	if err != nil {
		errs = append(errs, err)
	}
	at := ld.at
	var pw *password.Hasher
	if ld.known("FSA_PASSWORD_SCHEME", "FSA_PASSWORD_OPTS", "FSA_PASSWORD_LENGTH", "FSA_PASSWORD_RE") {
		if pw, err = newPasswords(&cfg, o.now); err != nil {
			errs = append(errs, at.locate(err))
		}
	}
	if ld.known("FSA_AUTH", "FSA_AUTH_DEFAULT") {
		for _, n := range cfg.AuthDefault {
			if !slices.Contains(cfg.Auth, n) {
				errs = append(errs, at.locate(&ConfigError{Source: "configuration", Name: "FSA_AUTH_DEFAULT",
					Msg: fmt.Sprintf("scheme %q is not enabled in FSA_AUTH", n)}))
			}
		}
	}
	if cfg.cacheTTU && cfg.Cache != "tlru" && ld.known("FSA_CACHE", "FSA_CACHE_OPTS") {
		errs = append(errs, at.locate(&ConfigError{Source: "configuration", Name: "FSA_CACHE_OPTS",
			Msg: fmt.Sprintf("ttu is an option of FSA_CACHE tlru, not %s: give ttl", cfg.Cache)}))
	}
	if shared := cfg.Cache == "redis" || cfg.Cache == "memcached"; !shared && len(cfg.cacheOpts) > 0 && ld.known("FSA_CACHE", "FSA_CACHE_OPTS") {
		name := slices.Sorted(maps.Keys(cfg.cacheOpts))[0]
		errs = append(errs, at.locate(&ConfigError{Source: "configuration", Name: "FSA_CACHE_OPTS",
			Msg: fmt.Sprintf("unexpected option %q: only ttl (seconds), or tlru's ttu (seconds), is known", name)}))
	}
	var cors middleware.CORSConfig
	if cfg.CORS && ld.known("FSA_CORS_OPTS") {
		if cors, err = corsConfig(cfg.CORSOpts); err != nil {
			errs = append(errs, at.locate(&ConfigError{Source: "configuration", Name: "FSA_CORS_OPTS", Err: err}))
		}
	}

	a := &App{
		name:        name,
		config:      cfg,
		spots:       at,
		echo:        echo.New(),
		log:         o.logger,
		format:      o.format,
		validate:    newValidator(),
		convs:       newConverters(),
		specials:    map[reflect.Type]func(*Context) (reflect.Value, error){},
		passwords:   pw,
		groupChecks: map[string]func(context.Context, string) (bool, error){},
		objectHooks: map[string]objectHook{},
		objectModes: map[string][]string{},
	}

	if a.log == nil {
		level := slog.LevelInfo
		switch {
		case cfg.LoggingLevel != nil:
			level = *cfg.LoggingLevel
		case cfg.mode >= modeDebug1:
			level = slog.LevelDebug
		}
		a.log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	}

	a.limits = o.limits.withDefaults()
	for _, name := range slices.Sorted(maps.Keys(cfg.AddHeaders)) {
		a.addHeaders = append(a.addHeaders, [2]string{name, cfg.AddHeaders[name]})
	}
	if a.now = o.now; a.now == nil {
		a.now = time.Now
	}
	a.gate = throttle.NewGate(cfg.PasswordConcurrency, gateWait)
	var store Cache
	switch store = o.cache; {
	case store != nil:
	case cfg.Cache == "none":
		store = noCache{}
	case cfg.Cache == "redis" || cfg.Cache == "memcached":
		store = noCache{}
		if len(errs) > 0 { // the app will not run: no connection
			break
		}
		var shared Cache
		if cfg.Cache == "redis" {
			shared, err = NewRedisCache(cfg.cacheOpts, cfg.CacheTTL, a.log)
		} else {
			shared, err = NewMemcachedCache(cfg.cacheOpts, cfg.CachePrefix, a.log)
		}
		if err != nil {
			errs = append(errs, at.locate(&ConfigError{Source: "configuration", Name: "FSA_CACHE_OPTS", Err: err}))
		} else {
			store = shared
		}
	default:
		kind, _ := parseCacheKind(cfg.Cache) // FSA_CACHE refuses other names
		store = newMemoryCache(cfg.CacheSize, kind)
	}
	a.cache = &countedCache{Cache: store}
	var state stateStore
	var revocations revocationStore = newMemoryState(a.now)
	if shared, ok := store.(interface{ state() stateStore }); ok {
		state = shared.state()
		revocations = state
	}
	a.throttle = newThrottle(&cfg, a.now, state, a.log)

	warn := a.log
	if len(errs) > 0 { // the app will not run: no warnings about how it would
		warn = slog.New(slog.DiscardHandler)
	}
	tokenDirectives := []string{"FSA_AUTH", "FSA_MODE", "FSA_TOKEN_TYPE", "FSA_TOKEN_ALGO", "FSA_TOKEN_CARRIER",
		"FSA_TOKEN_NAME", "FSA_TOKEN_LENGTH", "FSA_TOKEN_SECRET", "FSA_TOKEN_SIGN", "FSA_TOKEN_ISSUER"}
	if ld.known(tokenDirectives...) { // else load failed: errs holds why
		_, local := store.(*MemoryCache) // a shared store's uncache must reach every instance: a memo of keys only
		if a.tokens, err = newTokens(&cfg, a.now, a.cache, revocations, local, warn); err != nil {
			errs = append(errs, at.locate(err))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("fsa: configuration of %s: %w", name, errors.Join(errs...))
	}
	digestOpts := digest.Options{Secret: a.digestSecret(), Lifetime: 5 * time.Minute, Now: a.now, HA1: a.ha1}
	if state != nil {
		digestOpts.Counts = &nonceCounts{state: state, prefix: cfg.CachePrefix}
		a.digestWarn = &sharedWarn{log: a.log, what: "digest nonce count store", effect: "Digest credentials are refused with 503", now: time.Now}
	}
	a.digest = digest.New(digestOpts)
	a.schemes = a.builtSchemes()
	if a.format == nil {
		a.format = errorFormatter(cfg.ErrorResponse)
		a.problemFormat = cfg.ErrorResponse == "problem"
	}

	a.echo.HideBanner, a.echo.HidePort = true, true
	a.proxies = newProxies(cfg.TrustedProxies)
	a.echo.IPExtractor = func(r *http.Request) string { return a.proxies.clientAddr(r).String() }
	if cfg.HandleAllErrors {
		a.echo.HTTPErrorHandler = a.echoError
	}
	if cfg.CORS {
		a.echo.Use(middleware.CORSWithConfig(cors))
	}

	if cfg.OpenAPI != "" {
		a.serveOpenAPI(cfg.OpenAPI)
	}

	if !cfg.Secure {
		a.log.Warn("fsa: FSA_SECURE is off: credentials may travel in clear over plain HTTP")
	}
	return a, nil
}

// normalizeValue turns a Go value into the types a configuration file
// yields: int64, float64, []any and map[string]any. Other values are kept,
// for the directive to refuse.
func normalizeValue(v any) any {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if rv.Uint() <= math.MaxInt64 {
			return int64(rv.Uint())
		}
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.Bool:
		return rv.Bool()
	case reflect.String:
		return rv.String()
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = normalizeValue(rv.Index(i).Interface())
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return v
		}
		out := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			out[it.Key().String()] = normalizeValue(it.Value().Interface())
		}
		return out
	}
	return v
}

// Name returns the app's name.
func (a *App) Name() string { return a.name }

// Config returns a copy of the app's configuration.
func (a *App) Config() Config { return a.config.clone() }

// Setting returns an application setting: a name of the configuration
// that does not start with FSA_, as the file gives it (string, int64,
// float64, bool, nil, []any or map[string]any). SettingOr returns it typed.
func (a *App) Setting(name string) (any, bool) {
	v, ok := a.config.Settings[name]
	return v, ok
}

// Logger returns the app's logger.
func (a *App) Logger() *slog.Logger { return a.log }

// Echo returns the underlying echo instance: an escape hatch for echo's
// middleware and features the framework does not wrap.
func (a *App) Echo() *echo.Echo { return a.echo }

// Check checks every declaration (routes, schemes, authorizations,
// input types, hooks) and returns all the problems found, each naming its
// route and field. It runs once: call it after the last declaration.
// Start, StartTLS and Handler call it and refuse to serve on an error.
func (a *App) Check() error {
	a.checkOnce.Do(func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.frozen = true
		if len(a.beforeRequest) > 0 {
			a.echo.Pre(a.beforeRouting)
		}

		errs := append([]error{}, a.errs...)
		errs = append(errs, a.checkAuthConfig()...)
		for _, r := range a.routes {
			errs = append(errs, r.compile(a)...)
		}
		errs = append(errs, a.checkEchoRoutes()...)
		if len(errs) == 0 {
			var derrs []error
			a.openapi, derrs = a.buildOpenAPI()
			errs = append(errs, derrs...)
		}

		a.checkErr = errors.Join(errs...)
		if a.checkErr == nil {
			for _, warning := range a.lintRoutes() {
				a.log.Warn("fsa: " + warning)
			}
			a.log.Debug("fsa: app checked", "app", a.name, "routes", len(a.routes))
		}
	})
	return a.checkErr
}

// checkEchoRoutes refuses the routes added straight on Echo(): they would
// run without authorization. FlaskSimpleAuth closes such routes; here
// they are a declaration error, so that no route can forget its
// authorization.
func (a *App) checkEchoRoutes() []error {
	declared := map[string]bool{}
	for _, r := range a.routes {
		declared[r.method+" "+r.path] = true
		if r.method == http.MethodGet {
			declared[http.MethodHead+" "+r.path] = true
		}
	}

	var errs []error
	for _, er := range a.echo.Routes() {
		if key := er.Method + " " + er.Path; !declared[key] && er.Method != echo.RouteNotFound {
			errs = append(errs, fmt.Errorf("route %s was added on Echo() without an authorization: declare it with fsa.Get, fsa.Post...", key))
		}
	}
	return errs
}

// checkAuthConfig checks FSA_AUTH against the schemes and hooks
// registered after New.
func (a *App) checkAuthConfig() []error {
	// errors about FSA_AUTH, at the place it was given
	authError := func(err error, msg string) error {
		return a.spots.locate(&ConfigError{Source: "configuration", Name: "FSA_AUTH", Msg: msg, Err: err})
	}

	var errs []error
	for _, err := range checkSchemes(a.config.Auth, a.schemes) {
		errs = append(errs, authError(err, ""))
	}
	if slices.Contains(a.config.Auth, "httpd") && len(a.config.TrustedProxies) == 0 {
		errs = append(errs, authError(nil, "httpd needs FSA_TRUSTED_PROXIES, the proxies whose FSA_HTTPD_HEADER is believed"))
	}
	digest := slices.Contains(a.config.Auth, "digest") || slices.Contains(a.config.Auth, "http-digest")
	if digest && a.digestHA1 == nil && (a.getUserPass == nil || !slices.Equal(a.config.PasswordScheme, []string{"plaintext"})) {
		errs = append(errs, authError(nil, "digest needs the DigestHA1 hook, or GetUserPass with plaintext passwords"))
	}
	if slices.Contains(a.config.Auth, "fake") && a.config.mode == modeProd {
		a.log.Warn("fsa: the fake scheme is enabled in prod mode: any loopback client is whoever it says")
	}
	return errs
}

// Handler checks the app (see Check) and returns it as an http.Handler.
func (a *App) Handler() (http.Handler, error) {
	if err := a.Check(); err != nil {
		return nil, err
	}
	return a, nil
}

// Server returns the http.Server that Start uses, with the app as handler,
// the header size limit and the connection timeouts of Limits, which its
// ConnState and ConnContext hooks enforce (replace them, and they are
// gone). Adjust it and serve it yourself if the defaults do not fit. Its
// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout are left
// unset: they would work, at a cost per request (docs/PERFORMANCE.md).
func (a *App) Server(addr string) *http.Server {
	g := guard.New(guard.Options{
		HeaderTimeout:  a.limits.HeaderTimeout,
		RequestTimeout: a.limits.RequestTimeout,
		IdleTimeout:    a.limits.IdleTimeout,
	})
	return &http.Server{
		Addr:           addr,
		Handler:        a,
		ConnState:      g.ConnState,
		ConnContext:    g.ConnContext,
		MaxHeaderBytes: a.limits.HeaderBytes,
		ErrorLog:       slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
}

// Close releases what the app holds: the connections of a shared cache
// (FSA_CACHE redis or memcached, or a Caching store with a Close method).
func (a *App) Close() error {
	if c, ok := a.cache.Cache.(interface{ Close() error }); ok {
		return c.Close()
	}
	return nil
}

// Start checks the app, then serves HTTP on addr until SIGINT or SIGTERM,
// when it shuts down gracefully (in-flight requests get 10 seconds).
//
// It returns Check's error without serving; the listener's error (an
// address in use, say); the shutdown's error when in-flight requests
// outlast the 10 seconds; and nil after a graceful shutdown. So
// log.Fatal(app.Start(addr)) would report a clean stop as a failure:
// test the error first.
//
// With FSA_SECURE on (the default) and no FSA_TRUSTED_PROXIES, plain HTTP
// on an address that is not loopback serves only 403s to remote clients:
// Start logs a warning naming the directive.
func (a *App) Start(addr string) error {
	return a.serve(addr, false, func(s *http.Server) error { return s.ListenAndServe() })
}

// StartTLS is Start over TLS, with the certificate and key files given.
func (a *App) StartTLS(addr, certFile, keyFile string) error {
	return a.serve(addr, true, func(s *http.Server) error { return s.ListenAndServeTLS(certFile, keyFile) })
}

// warnInsecureListen warns when plain HTTP on addr will refuse its remote
// clients: FSA_SECURE on, no trusted proxy to say https, and a host that
// is not loopback ("" and 0.0.0.0 are every interface).
func (a *App) warnInsecureListen(addr string) {
	if !a.config.Secure || len(a.config.TrustedProxies) > 0 {
		return
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return // the listener reports it
	}
	if ip, err := netip.ParseAddr(host); host == "localhost" || err == nil && ip.IsLoopback() {
		return
	}
	a.log.Warn("fsa: FSA_SECURE is on and Start serves plain HTTP on a non-loopback address: "+
		"every request from another host gets 403 \"insecure request: use HTTPS\"; "+
		"use StartTLS, a proxy listed in FSA_TRUSTED_PROXIES, or FSA_SECURE = False", "addr", addr)
}

func (a *App) serve(addr string, tls bool, listen func(*http.Server) error) error {
	if err := a.Check(); err != nil {
		return err
	}
	if !tls {
		a.warnInsecureListen(addr)
	}

	srv := a.Server(addr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- listen(srv) }()
	a.log.Info("fsa: serving", "app", a.name, "addr", addr)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}

	a.log.Info("fsa: shutting down", "app", a.name)
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

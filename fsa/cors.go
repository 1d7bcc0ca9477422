package fsa

import (
	"errors"
	"slices"

	"github.com/labstack/echo/v4/middleware"
)

// corsConfig maps FSA_CORS_OPTS, flask-cors options, to echo's CORS
// middleware. Without origins, every origin is allowed, as flask-cors
// does; credentials cannot go with every origin.
func corsConfig(opts map[string]any) (middleware.CORSConfig, error) {
	cfg := middleware.DefaultCORSConfig
	list := func(name string) []string {
		l, _ := stringList(opts[name]) // checked when loaded
		return l
	}
	if v, ok := opts["origins"]; ok && v != nil {
		cfg.AllowOrigins = list("origins")
	}
	if _, ok := opts["methods"]; ok {
		cfg.AllowMethods = list("methods")
	}
	cfg.AllowHeaders = list("allow_headers")
	cfg.ExposeHeaders = list("expose_headers")
	cfg.AllowCredentials, _ = opts["supports_credentials"].(bool)
	if n, ok := opts["max_age"].(int64); ok {
		cfg.MaxAge = int(n)
	}

	if cfg.AllowCredentials && slices.Contains(cfg.AllowOrigins, "*") {
		return cfg, errors.New("supports_credentials needs the origins listed, not *")
	}
	return cfg, nil
}

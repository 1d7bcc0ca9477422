// Package fsa is a framework for secure REST APIs on echo, after Python's
// FlaskSimpleAuth: every route declares who may call it (Open, Auth, Close,
// groups) and the framework authenticates the user, checks the
// authorization, and fills the handler's typed, validated input before the
// handler runs.
//
// How users authenticate lives in a configuration file with
// FlaskSimpleAuth's directive names (FSA_AUTH, FSA_MODE, ...); see
// docs/DOCUMENTATION.md for the file's grammar and every directive.
//
// A minimal app:
//
//	app, err := fsa.New("acme", fsa.ConfigFile(os.Getenv("ACME_CONFIG")))
//	if err != nil { ... }
//	fsa.Get(app, "/hello", fsa.Open, func(c *fsa.Context, _ struct{}) (any, error) {
//		return map[string]string{"msg": "hello"}, nil
//	})
//	err = app.Start("localhost:5000") // refuses an inconsistent declaration
package fsa

// Version is the framework's version.
const Version = "0.1.0"

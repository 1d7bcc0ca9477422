package fsa_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/fsa-go/fsa-go/fsa"
	"github.com/fsa-go/fsa-go/fsa/fsatest"
)

const settingsConf = `
APP_NAME = "acme"
APP_PORT = 5000
APP_BIG = 300
APP_NEG = -1
APP_RATE = 0.5
APP_DEBUG = True
APP_HOSTS = ["a", "b"]
APP_MIXED = ["a", 1]
APP_LIMITS = {"read": 10, "write": 2}
APP_NONE = None
`

func settingsApp(t *testing.T) *fsa.App {
	t.Helper()
	return fsatest.NewApp(t, "test", fsa.ConfigData("app.conf", []byte(settingsConf)), fsa.Set("APP_CODE", uint8(7)))
}

// SettingOr converts an application setting to the default's type, or
// says why it cannot.
func TestSettingOr(t *testing.T) {
	app := settingsApp(t)
	check := func(t *testing.T, got, want any, err error, wantErr string) {
		t.Helper()
		switch {
		case wantErr != "":
			var ce *fsa.ConfigError
			if err == nil || err.Error() != wantErr || !errors.As(err, &ce) {
				t.Errorf("error %v, want %q (a *fsa.ConfigError)", err, wantErr)
			}
		case err != nil:
			t.Errorf("error %v", err)
		case !reflect.DeepEqual(got, want):
			t.Errorf("got %#v, want %#v", got, want)
		}
	}
	tests := []struct {
		name    string
		get     func() (any, error)
		want    any
		wantErr string
	}{
		{"string", func() (any, error) { return fsa.SettingOr(app, "APP_NAME", "") }, "acme", ""},
		{"int", func() (any, error) { return fsa.SettingOr(app, "APP_PORT", 0) }, 5000, ""},
		{"uint16", func() (any, error) { return fsa.SettingOr(app, "APP_PORT", uint16(0)) }, uint16(5000), ""},
		{"int to float", func() (any, error) { return fsa.SettingOr(app, "APP_PORT", 0.0) }, 5000.0, ""},
		{"float", func() (any, error) { return fsa.SettingOr(app, "APP_RATE", float32(0)) }, float32(0.5), ""},
		{"bool", func() (any, error) { return fsa.SettingOr(app, "APP_DEBUG", false) }, true, ""},
		{"[]string", func() (any, error) { return fsa.SettingOr(app, "APP_HOSTS", []string(nil)) }, []string{"a", "b"}, ""},
		{"[]any", func() (any, error) { return fsa.SettingOr(app, "APP_MIXED", []any(nil)) }, []any{"a", int64(1)}, ""},
		{"map[string]int", func() (any, error) { return fsa.SettingOr(app, "APP_LIMITS", map[string]int(nil)) },
			map[string]int{"read": 10, "write": 2}, ""},
		{"any", func() (any, error) { return fsa.SettingOr[any](app, "APP_PORT", nil) }, int64(5000), ""},
		{"None as any", func() (any, error) { return fsa.SettingOr[any](app, "APP_NONE", "x") }, nil, ""},
		{"absent: the default", func() (any, error) { return fsa.SettingOr(app, "APP_ABSENT", 42) }, 42, ""},
		{"set in code", func() (any, error) { return fsa.SettingOr(app, "APP_CODE", 0) }, 7, ""},

		{"string for int", func() (any, error) { return fsa.SettingOr(app, "APP_NAME", 0) }, nil,
			"configuration: APP_NAME: unexpected value of type str: want int"},
		{"int for string", func() (any, error) { return fsa.SettingOr(app, "APP_PORT", "") }, nil,
			"configuration: APP_PORT: unexpected value of type int: want string"},
		{"overflow", func() (any, error) { return fsa.SettingOr(app, "APP_BIG", int8(0)) }, nil,
			"configuration: APP_BIG: the integer does not fit in int8"},
		{"negative for uint", func() (any, error) { return fsa.SettingOr(app, "APP_NEG", uint(0)) }, nil,
			"configuration: APP_NEG: the integer does not fit in uint"},
		{"bad item", func() (any, error) { return fsa.SettingOr(app, "APP_MIXED", []string(nil)) }, nil,
			"configuration: APP_MIXED: item 1: unexpected value of type int: want string"},
		{"bad map value", func() (any, error) { return fsa.SettingOr(app, "APP_LIMITS", map[string]string(nil)) }, nil,
			`configuration: APP_LIMITS: key "read": unexpected value of type int: want string`},
		{"None for string", func() (any, error) { return fsa.SettingOr(app, "APP_NONE", "") }, nil,
			"configuration: APP_NONE: unexpected value of type None: want string"},
		{"unsupported type", func() (any, error) { return fsa.SettingOr(app, "APP_PORT", struct{}{}) }, nil,
			"configuration: APP_PORT: a setting cannot be a struct {}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.get()
			check(t, got, tt.want, err, tt.wantErr)
		})
	}
}

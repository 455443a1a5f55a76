/*
 * params.c: the kernel command line.
 *
 * next_arg splits "a b=c d=\"e f\"" like Linux. Three consumers, in this
 * order: parse_early_param (early_param handlers; a handler's error gives
 * "Malformed early option"), then parse_args at start_kernel for __setup
 * handlers and built-in module parameters ("kmemleak.verbose=1"); whatever
 * nobody claims goes to init as an argument (no '=') or environment
 * variable (dotted names, meant for modules, are dropped); what init gets
 * is reported once as
 * "Unknown kernel command line parameters ..., will be passed to user space."
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/ctype.h>
#include <linux/moduleparam.h>
#include <linux/export.h>

extern const struct obs_kernel_param __setup_start[], __setup_end[];
extern const struct kernel_param __start___param[], __stop___param[];
char saved_command_line[2048];
static char early_cmdline[2048] __initdata;
static char static_cmdline[2048];	/* __setup values and init's argv/envp point into it */
const char *argv_init[16] = { "init", NULL };
const char *envp_init[16] = { "HOME=/", "TERM=linux", NULL };
static int argc_init = 1, envc_init = 2;
static char unknown_opts[512] __initdata;

bool parameq(const char *a, const char *b)
{
	for (; *a || *b; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;
		if (x != y)
			return false;
	}
	return true;
}

static bool parameqn(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];
		if (x != y)
			return false;
	}
	return true;
}

/* Splits off the next "param[=val]", NUL-terminating both; quotes are stripped. */
static char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (isspace(args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = 0;
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = 0;
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = 0;
	if (args[i]) {
		args[i] = 0;
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}

int param_set(const struct kernel_param *kp, const char *val)
{
	bool b;
	long l;
	unsigned long ul;
	int r = 0;

	switch (kp->type) {
	case KPARAM_BOOL:
	case KPARAM_INVBOOL:
		r = kstrtobool(val ? val : "1", &b);
		if (!r)
			*(bool *)kp->arg = kp->type == KPARAM_BOOL ? b : !b;
		return r;
	case KPARAM_CHARP:
		if (!val)
			return -EINVAL;
		*(const char **)kp->arg = val;
		return 0;
	}
	if (!val)
		return -EINVAL;
	switch (kp->type) {
	case KPARAM_INT:
		r = kstrtol(val, 0, &l);
		if (!r && (l > INT_MAX || l < INT_MIN))
			r = -EINVAL;
		if (!r)
			*(int *)kp->arg = l;
		break;
	case KPARAM_SHORT:
		r = kstrtol(val, 0, &l);
		if (!r)
			*(short *)kp->arg = l;
		break;
	case KPARAM_LONG:
		r = kstrtol(val, 0, &l);
		if (!r)
			*(long *)kp->arg = l;
		break;
	case KPARAM_UINT:
		r = kstrtoul(val, 0, &ul);
		if (!r && ul > UINT_MAX)
			r = -EINVAL;
		if (!r)
			*(unsigned int *)kp->arg = ul;
		break;
	case KPARAM_USHORT:
	case KPARAM_BYTE:
		r = kstrtoul(val, 0, &ul);
		if (!r) {
			if (kp->type == KPARAM_BYTE)
				*(u8 *)kp->arg = ul;
			else
				*(unsigned short *)kp->arg = ul;
		}
		break;
	case KPARAM_ULONG:
		r = kstrtoul(val, 0, &ul);
		if (!r)
			*(unsigned long *)kp->arg = ul;
		break;
	default:
		r = -EINVAL;
	}
	return r;
}

/* 1 = handled (err set), 0 = no such parameter */
int parse_one_param(const struct kernel_param *params, unsigned num, const char *name, char *val, int *err)
{
	for (unsigned i = 0; i < num; i++) {
		if (parameq(name, params[i].name)) {
			*err = param_set(&params[i], val);
			return 1;
		}
	}
	return 0;
}

static int __init do_early_param(char *param, char *val)
{
	const struct obs_kernel_param *p;

	for (p = __setup_start; p < __setup_end; p++) {
		if (p->early && parameq(param, p->str)) {
			if (p->setup_func(val) != 0)
				pr_warn("Malformed early option '%s'\n", param);
		}
	}
	return 0;
}

void __init parse_early_param(void)
{
	char *args, *param, *val;

	strlcpy(early_cmdline, boot_command_line, sizeof(early_cmdline));
	args = skip_spaces(early_cmdline);
	while (*args) {
		args = next_arg(args, &param, &val);
		if (!val && strcmp(param, "--") == 0)
			break;
		do_early_param(param, val);
	}
}

/* __setup handlers: "foo=" matches "foo=bar" by prefix; "foo" matches only "foo". */
static bool __init obsolete_checksetup(char *line)
{
	const struct obs_kernel_param *p;
	bool had_early = false;

	for (p = __setup_start; p < __setup_end; p++) {
		size_t n = strlen(p->str);
		if (!parameqn(line, p->str, n))
			continue;
		if (p->early) {
			/* already handled by parse_early_param; only "param" or "param=..." */
			if (line[n] == '\0' || line[n] == '=')
				had_early = true;
		} else if (!p->setup_func) {
			return true;
		} else if (n && (p->str[n - 1] == '=' || line[n] == '\0')) {
			if (p->setup_func(line + n))
				return true;
		}
	}
	return had_early;
}

static void __init note_unknown(const char *param, const char *val)
{
	size_t l = strlen(unknown_opts);
	scnprintf(unknown_opts + l, sizeof(unknown_opts) - l, "%s%s%s%s", l ? " " : "", param, val ? "=" : "", val ? val : "");
}

static int __init unknown_bootoption(char *param, char *val)
{
	size_t len = strlen(param);

	/* re-join "param=val" for __setup handlers */
	if (val) {
		if (val == param + len + 1)
			val[-1] = '=';
		else if (val == param + len + 2) {
			val[-2] = '=';
			memmove(val - 1, val, strlen(val) + 1);
		}
	}
	if (obsolete_checksetup(param))
		return 0;
	if (val)
		param[len] = 0;
	/* unused module parameter: silently dropped, as Linux does */
	if (strchr(param, '.'))
		return 0;
	if (val) {
		note_unknown(param, val);
		if (envc_init < (int)ARRAY_SIZE(envp_init) - 1) {
			param[len] = '=';
			envp_init[envc_init++] = param;
			envp_init[envc_init] = NULL;
		}
	} else {
		note_unknown(param, NULL);
		if (argc_init < (int)ARRAY_SIZE(argv_init) - 1) {
			argv_init[argc_init++] = param;
			argv_init[argc_init] = NULL;
		}
	}
	return 0;
}

void __init parse_args_boot(void)
{
	char *args, *param, *val;

	strlcpy(saved_command_line, boot_command_line, sizeof(saved_command_line));
	strlcpy(static_cmdline, boot_command_line, sizeof(static_cmdline));
	args = skip_spaces(static_cmdline);
	while (*args) {
		int err = 0;
		args = next_arg(args, &param, &val);
		if (!val && strcmp(param, "--") == 0) {
			/* everything after "--" goes to init */
			while (*args && argc_init < (int)ARRAY_SIZE(argv_init) - 1) {
				args = next_arg(args, &param, &val);
				argv_init[argc_init++] = param;
			}
			argv_init[argc_init] = NULL;
			break;
		}
		if (parse_one_param(__start___param, __stop___param - __start___param, param, val, &err)) {
			if (err)
				pr_err("Kernel command line: parameter '%s' invalid value '%s'\n", param, val ? val : "");
			continue;
		}
		unknown_bootoption(param, val);
	}
}

void __init print_unknown_bootoptions(void)
{
	if (unknown_opts[0])
		pr_notice("Unknown kernel command line parameters \"%s\", will be passed to user space.\n", unknown_opts);
}

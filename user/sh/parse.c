/*
 * parse.c: arena, string helpers, the lexer and the recursive-descent
 * parser. The lexer pulls input a line at a time from the source, so an
 * unfinished command (open quote, "if" without "fi", trailing "|") simply
 * asks for another line (with the PS2 prompt when interactive).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "sh.h"

/* ---------------- arena ---------------- */

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};
struct arena {
	struct chunk *chunks;
	int keep;
};
static struct arena *cur_arena;

void *salloc(size_t n)
{
	n = (n + 15) & ~15UL;
	struct chunk *c = cur_arena->chunks;
	if (!c || c->used + n > c->size) {
		size_t sz = n > 4000 ? n : 4000;
		c = malloc(sizeof(*c) + sz);
		if (!c) {
			write(2, "sh: out of memory\n", 18);
			_exit(2);
		}
		c->size = sz;
		c->used = 0;
		c->next = cur_arena->chunks;
		cur_arena->chunks = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *sstrdup(const char *s, size_t n)
{
	char *d = salloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

struct arena *arena_push(void)
{
	struct arena *old = cur_arena;
	struct arena *a = malloc(sizeof(*a));
	a->chunks = 0;
	a->keep = 0;
	cur_arena = a;
	return old;
}

void arena_pop(struct arena *saved)
{
	struct arena *a = cur_arena;
	if (!a->keep) {
		while (a->chunks) {
			struct chunk *n = a->chunks->next;
			free(a->chunks);
			a->chunks = n;
		}
		free(a);
	}
	cur_arena = saved;
}

void arena_keep(void) { cur_arena->keep = 1; }

/* ---------------- strings ---------------- */

void str_add(struct str *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 64;
		while (nc < b->len + n + 1)
			nc *= 2;
		b->s = realloc(b->s, nc);
		b->cap = nc;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}
void str_addc(struct str *b, char c) { str_add(b, &c, 1); }
void str_adds(struct str *b, const char *s) { str_add(b, s, strlen(s)); }
char *str_take(struct str *b)
{
	char *s = b->s ? b->s : strdup("");
	b->s = 0;
	b->len = b->cap = 0;
	return s;
}

void strv_push(struct strv *v, char *s)
{
	if (v->n + 2 > v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->v = realloc(v->v, v->cap * sizeof(char *));
	}
	v->v[v->n++] = s;
	v->v[v->n] = 0;
}

void strv_free(struct strv *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = 0;
	v->n = v->cap = 0;
}

int is_name(const char *s, size_t n)
{
	if (!n || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

int is_assignment(const char *w)
{
	const char *eq = strchr(w, '=');
	return eq && is_name(w, eq - w);
}

/* ---------------- lexer ---------------- */

enum { T_WORD, T_NEWLINE, T_EOF, T_SEMI, T_DSEMI, T_AMP, T_AND, T_OR, T_PIPE, T_LPAREN, T_RPAREN, T_REDIR };

struct token {
	int type;
	char *text;
	int fd, rtype;
	int quoted;
};

static struct source *src;
static struct token tok;
static int have_tok;
static jmp_buf parse_jmp;
static struct redir *pending_hd[16];
static int npending;

static int more(void)
{
	if (src->fd < 0 || src->eof)
		return 0;
	if (src->interactive) {
		const char *p = src->ps2 ? getvar("PS2") : getvar("PS1");
		if (!p)
			p = src->ps2 ? "> " : "# ";
		fflush(stdout);
		src->ps2 = 1;
		if (src->fd == 0 && le_usable()) {
			struct str b = { 0 };
			int r = le_read(p, &b);
			if (r == -1) {
				/* ^C: drop the command typed so far */
				free(b.s);
				longjmp(parse_jmp, PARSE_INTR);
			}
			if (r == 1) {
				if (src->len + b.len + 1 > src->cap) {
					while (src->len + b.len + 1 > src->cap)
						src->cap = src->cap ? src->cap * 2 : 256;
					src->buf = realloc(src->buf, src->cap);
				}
				memcpy(src->buf + src->len, b.s, b.len);
				src->len += b.len;
				free(b.s);
				return 1;
			}
			free(b.s);
			src->eof = 1;
			return 0;
		}
		write(2, p, strlen(p));
	}
	size_t start = src->len;
	for (;;) {
		char c;
		ssize_t n = read(src->fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (src->len + 2 > src->cap) {
			src->cap = src->cap ? src->cap * 2 : 256;
			src->buf = realloc(src->buf, src->cap);
		}
		src->buf[src->len++] = c;
		if (c == '\n')
			break;
	}
	if (src->len == start) {
		src->eof = 1;
		return 0;
	}
	return 1;
}

static int peekc(int off)
{
	while (src->pos + off >= src->len)
		if (!more())
			return -1;
	return (unsigned char)src->buf[src->pos + off];
}

static int nextc(void)
{
	int c = peekc(0);
	if (c >= 0)
		src->pos++;
	return c;
}

static void syntax_error(const char *what)
{
	sh_err("syntax error: %s", what);
	longjmp(parse_jmp, PARSE_ERR);
}

static void unexpected(void)
{
	char buf[64];
	static const char *names[] = { 0, "newline", "end of file", ";", ";;", "&", "&&", "||", "|", "(", ")", "redirection" };
	snprintf(buf, sizeof(buf), "unexpected %s%s%s", tok.type == T_WORD ? "'" : "",
		 tok.type == T_WORD ? tok.text : names[tok.type], tok.type == T_WORD ? "'" : "");
	syntax_error(buf);
}

static int is_meta(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
}

static void scan_squote(struct str *b)
{
	str_addc(b, (char)nextc());
	for (;;) {
		int c = nextc();
		if (c < 0)
			syntax_error("unterminated quoted string");
		str_addc(b, (char)c);
		if (c == '\'')
			return;
	}
}

static void scan_dquote(struct str *b);
static void scan_paren(struct str *b);
static void scan_brace(struct str *b);

static void scan_bquote(struct str *b)
{
	str_addc(b, (char)nextc());
	for (;;) {
		int c = nextc();
		if (c < 0)
			syntax_error("unterminated `");
		str_addc(b, (char)c);
		if (c == '\\') {
			int d = nextc();
			if (d >= 0)
				str_addc(b, (char)d);
		} else if (c == '`') {
			return;
		}
	}
}

/* A $ at the current position: $( ... ), ${ ... } or plain. */
static void scan_dollar(struct str *b)
{
	int n = peekc(1);
	if (n == '(') {
		str_addc(b, (char)nextc());
		scan_paren(b);
	} else if (n == '{') {
		str_addc(b, (char)nextc());
		scan_brace(b);
	} else {
		str_addc(b, (char)nextc());
	}
}

static void scan_dquote(struct str *b)
{
	str_addc(b, (char)nextc());
	for (;;) {
		int c = peekc(0);
		if (c < 0)
			syntax_error("unterminated quoted string");
		if (c == '"') {
			str_addc(b, (char)nextc());
			return;
		}
		if (c == '\\') {
			str_addc(b, (char)nextc());
			int d = nextc();
			if (d >= 0)
				str_addc(b, (char)d);
		} else if (c == '$') {
			scan_dollar(b);
		} else if (c == '`') {
			scan_bquote(b);
		} else {
			str_addc(b, (char)nextc());
		}
	}
}

/* At '(' after '$': copy up to the matching ')'. */
static void scan_paren(struct str *b)
{
	int depth = 0;
	for (;;) {
		int c = peekc(0);
		if (c < 0)
			syntax_error("unterminated $(");
		if (c == '\'') {
			scan_squote(b);
			continue;
		}
		if (c == '"') {
			scan_dquote(b);
			continue;
		}
		if (c == '`') {
			scan_bquote(b);
			continue;
		}
		str_addc(b, (char)nextc());
		if (c == '\\') {
			int d = nextc();
			if (d >= 0)
				str_addc(b, (char)d);
		} else if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth == 0)
				return;
		}
	}
}

static void scan_brace(struct str *b)
{
	str_addc(b, (char)nextc()); /* { */
	for (;;) {
		int c = peekc(0);
		if (c < 0)
			syntax_error("unterminated ${");
		if (c == '}') {
			str_addc(b, (char)nextc());
			return;
		}
		if (c == '\'')
			scan_squote(b);
		else if (c == '"')
			scan_dquote(b);
		else if (c == '$')
			scan_dollar(b);
		else if (c == '`')
			scan_bquote(b);
		else {
			str_addc(b, (char)nextc());
			if (c == '\\' && peekc(0) >= 0)
				str_addc(b, (char)nextc());
		}
	}
}

static void read_heredocs(void)
{
	for (int i = 0; i < npending; i++) {
		struct redir *r = pending_hd[i];
		struct str body = { 0 };
		for (;;) {
			struct str line = { 0 };
			int c;
			while ((c = nextc()) >= 0 && c != '\n')
				str_addc(&line, (char)c);
			const char *l = line.s ? line.s : "";
			if (r->strip)
				while (*l == '\t')
					l++;
			if (strcmp(l, r->delim) == 0 || (c < 0 && !*l)) {
				free(line.s);
				break;
			}
			str_adds(&body, l);
			str_addc(&body, '\n');
			free(line.s);
			if (c < 0)
				break;
		}
		r->word = sstrdup(body.s ? body.s : "", body.len);
		free(body.s);
	}
	npending = 0;
}

static void lex(void)
{
	int c;
	tok.text = 0;
	tok.quoted = 0;
again:
	while ((c = peekc(0)) == ' ' || c == '\t')
		nextc();
	if (c == '\\' && peekc(1) == '\n') {
		nextc();
		nextc();
		goto again;
	}
	if (c == '#') {
		while ((c = peekc(0)) >= 0 && c != '\n')
			nextc();
	}
	if (c < 0) {
		tok.type = T_EOF;
		return;
	}
	if (c == '\n') {
		nextc();
		tok.type = T_NEWLINE;
		if (npending)
			read_heredocs();
		return;
	}
	switch (c) {
	case ';':
		nextc();
		tok.type = peekc(0) == ';' ? (nextc(), T_DSEMI) : T_SEMI;
		return;
	case '&':
		nextc();
		tok.type = peekc(0) == '&' ? (nextc(), T_AND) : T_AMP;
		return;
	case '|':
		nextc();
		tok.type = peekc(0) == '|' ? (nextc(), T_OR) : T_PIPE;
		return;
	case '(':
		nextc();
		tok.type = T_LPAREN;
		return;
	case ')':
		nextc();
		tok.type = T_RPAREN;
		return;
	}
	int fd = -1;
	if (c != '<' && c != '>') {
		struct str b = { 0 };
		for (;;) {
			c = peekc(0);
			if (c < 0 || is_meta(c))
				break;
			if (c == '\\') {
				if (peekc(1) == '\n') {
					nextc();
					nextc();
					continue;
				}
				str_addc(&b, (char)nextc());
				tok.quoted = 1;
				if (peekc(0) >= 0)
					str_addc(&b, (char)nextc());
			} else if (c == '\'') {
				tok.quoted = 1;
				scan_squote(&b);
			} else if (c == '"') {
				tok.quoted = 1;
				scan_dquote(&b);
			} else if (c == '`') {
				scan_bquote(&b);
			} else if (c == '$') {
				scan_dollar(&b);
			} else {
				str_addc(&b, (char)nextc());
			}
		}
		tok.type = T_WORD;
		tok.text = sstrdup(b.s ? b.s : "", b.len);
		free(b.s);
		if ((c == '<' || c == '>') && b.len > 0 && b.len < 3 && strspn(tok.text, "0123456789") == b.len && !tok.quoted)
			fd = atoi(tok.text);
		else
			return;
	}
	/* redirection operator */
	c = nextc();
	tok.type = T_REDIR;
	if (c == '<') {
		tok.fd = fd < 0 ? 0 : fd;
		if (peekc(0) == '<') {
			nextc();
			tok.rtype = R_HEREDOC;
			tok.quoted = 0;
			if (peekc(0) == '-') {
				nextc();
				tok.quoted = 1; /* strip tabs */
			}
		} else if (peekc(0) == '&') {
			nextc();
			tok.rtype = R_DUPIN;
		} else if (peekc(0) == '>') {
			nextc();
			tok.rtype = R_RDWR;
		} else {
			tok.rtype = R_IN;
		}
	} else {
		tok.fd = fd < 0 ? 1 : fd;
		if (peekc(0) == '>') {
			nextc();
			tok.rtype = R_APPEND;
		} else if (peekc(0) == '&') {
			nextc();
			tok.rtype = R_DUPOUT;
		} else if (peekc(0) == '|') {
			nextc();
			tok.rtype = R_CLOBBER;
		} else {
			tok.rtype = R_OUT;
		}
	}
}

static struct token *peek(void)
{
	if (!have_tok) {
		lex();
		have_tok = 1;
	}
	return &tok;
}

static void consume(void) { have_tok = 0; }

static int peek_word(const char *w)
{
	struct token *t = peek();
	return t->type == T_WORD && !t->quoted && strcmp(t->text, w) == 0;
}

static void expect_word(const char *w)
{
	if (!peek_word(w)) {
		if (peek()->type == T_EOF)
			syntax_error("unexpected end of file");
		unexpected();
	}
	consume();
}

static void skip_newlines(void)
{
	while (peek()->type == T_NEWLINE)
		consume();
}

/* ---------------- parser ---------------- */

static struct node *parse_and_or(void);
static struct node *parse_command(void);

static struct node *mknode(int type)
{
	struct node *n = salloc(sizeof(*n));
	n->type = type;
	return n;
}

static int at_list_end(void)
{
	struct token *t = peek();
	if (t->type == T_EOF || t->type == T_RPAREN || t->type == T_DSEMI)
		return 1;
	if (t->type != T_WORD || t->quoted)
		return 0;
	static const char *const ends[] = { "then", "else", "elif", "fi", "do", "done", "esac", "}", 0 };
	for (int i = 0; ends[i]; i++)
		if (strcmp(t->text, ends[i]) == 0)
			return 1;
	return 0;
}

/* compound_list: and_or lists separated by ; & or newlines. */
static struct node *parse_list(void)
{
	struct node *first = 0, **tail = &first;
	int count = 0;
	skip_newlines();
	while (!at_list_end()) {
		struct node *n = parse_and_or();
		int t = peek()->type;
		if (t == T_AMP) {
			struct node *bg = mknode(N_BG);
			bg->a = n;
			n = bg;
		}
		struct node *s = mknode(N_SEQ);
		s->a = n;
		*tail = s;
		tail = &s->b;
		count++;
		if (t == T_SEMI || t == T_AMP || t == T_NEWLINE)
			consume();
		else
			break;
		skip_newlines();
	}
	if (!count) {
		if (peek()->type == T_EOF)
			syntax_error("unexpected end of file");
		unexpected();
	}
	return first;
}

static struct node *parse_pipeline(void)
{
	int bang = 0, timed = 0, posix = 0;
	/* bash's time keyword: time [-p] [!] pipeline */
	if (peek_word("time")) {
		consume();
		timed = 1;
		if (peek_word("-p")) {
			consume();
			posix = 1;
		}
	}
	if (peek_word("!")) {
		consume();
		bang = 1;
	}
	struct node *cmds[64];
	int n = 0;
	cmds[n++] = parse_command();
	while (peek()->type == T_PIPE) {
		consume();
		skip_newlines();
		if (n == 64)
			syntax_error("pipeline too long");
		cmds[n++] = parse_command();
	}
	struct node *r = cmds[0];
	if (n > 1) {
		r = mknode(N_PIPE);
		r->list = salloc(n * sizeof(struct node *));
		memcpy(r->list, cmds, n * sizeof(struct node *));
		r->n = n;
	}
	if (bang) {
		struct node *x = mknode(N_NOT);
		x->a = r;
		r = x;
	}
	if (timed) {
		struct node *x = mknode(N_TIME);
		x->a = r;
		x->has_in = posix;
		r = x;
	}
	return r;
}

static struct node *parse_and_or(void)
{
	struct node *l = parse_pipeline();
	for (;;) {
		int t = peek()->type;
		if (t != T_AND && t != T_OR)
			return l;
		consume();
		skip_newlines();
		struct node *n = mknode(t == T_AND ? N_AND : N_OR);
		n->a = l;
		n->b = parse_pipeline();
		l = n;
	}
}

static struct redir *parse_redir(void)
{
	struct redir *r = salloc(sizeof(*r));
	r->fd = tok.fd;
	r->type = tok.rtype;
	int strip = tok.rtype == R_HEREDOC && tok.quoted;
	consume();
	struct token *t = peek();
	if (t->type != T_WORD) {
		if (t->type == T_EOF)
			syntax_error("unexpected end of file");
		unexpected();
	}
	if (r->type == R_HEREDOC) {
		r->strip = strip;
		r->quoted = t->quoted;
		/* delimiter: quote removal only */
		struct str d = { 0 };
		for (const char *p = t->text; *p; p++) {
			if (*p == '\'' || *p == '"')
				continue;
			if (*p == '\\' && p[1])
				p++;
			str_addc(&d, *p);
		}
		r->delim = sstrdup(d.s ? d.s : "", d.len);
		free(d.s);
		if (npending < 16)
			pending_hd[npending++] = r;
	} else {
		r->word = t->text;
	}
	consume();
	return r;
}

static void parse_redirs(struct redir ***tail)
{
	while (peek()->type == T_REDIR) {
		**tail = parse_redir();
		*tail = &(**tail)->next;
	}
}

static char **vec_dup(char **v, int n)
{
	char **r = salloc((n + 1) * sizeof(char *));
	memcpy(r, v, n * sizeof(char *));
	return r;
}

static struct node *parse_simple(void)
{
	struct node *n = mknode(N_CMD);
	struct strv words = { 0 }, assigns = { 0 };
	struct redir **rtail = &n->redirs;
	for (;;) {
		struct token *t = peek();
		if (t->type == T_REDIR) {
			*rtail = parse_redir();
			rtail = &(*rtail)->next;
		} else if (t->type == T_WORD) {
			if (words.n == 0 && is_assignment(t->text))
				strv_push(&assigns, t->text);
			else
				strv_push(&words, t->text);
			consume();
			if (words.n == 1 && assigns.n == 0 && peek()->type == T_LPAREN && is_name(words.v[0], strlen(words.v[0]))) {
				/* function definition */
				consume();
				if (peek()->type != T_RPAREN)
					unexpected();
				consume();
				skip_newlines();
				struct node *f = mknode(N_FUNC);
				f->name = words.v[0];
				f->a = parse_command();
				free(words.v);
				free(assigns.v);
				arena_keep();
				return f;
			}
		} else {
			break;
		}
	}
	if (words.n == 0 && assigns.n == 0 && !n->redirs)
		unexpected();
	n->words = vec_dup(words.v, words.n);
	n->nwords = words.n;
	n->assigns = vec_dup(assigns.v, assigns.n);
	n->nassigns = assigns.n;
	free(words.v);
	free(assigns.v);
	return n;
}

static struct node *parse_if(void)
{
	struct node *n = mknode(N_IF);
	n->a = parse_list();
	expect_word("then");
	n->b = parse_list();
	if (peek_word("elif")) {
		consume();
		n->c = parse_if();
		return n;
	}
	if (peek_word("else")) {
		consume();
		n->c = parse_list();
	}
	expect_word("fi");
	return n;
}

static struct node *parse_command(void)
{
	struct token *t = peek();
	struct node *n = 0;
	if (t->type == T_LPAREN) {
		consume();
		n = mknode(N_SUBSHELL);
		n->a = parse_list();
		if (peek()->type != T_RPAREN)
			unexpected();
		consume();
	} else if (t->type == T_WORD && !t->quoted) {
		const char *w = t->text;
		if (strcmp(w, "if") == 0) {
			consume();
			n = parse_if();
		} else if (strcmp(w, "while") == 0 || strcmp(w, "until") == 0) {
			consume();
			n = mknode(w[0] == 'w' ? N_WHILE : N_UNTIL);
			n->a = parse_list();
			expect_word("do");
			n->b = parse_list();
			expect_word("done");
		} else if (strcmp(w, "for") == 0) {
			consume();
			n = mknode(N_FOR);
			if (peek()->type != T_WORD || !is_name(tok.text, strlen(tok.text)))
				unexpected();
			n->name = tok.text;
			consume();
			skip_newlines();
			if (peek_word("in")) {
				consume();
				struct strv words = { 0 };
				while (peek()->type == T_WORD) {
					strv_push(&words, tok.text);
					consume();
				}
				n->words = vec_dup(words.v, words.n);
				n->nwords = words.n;
				n->has_in = 1;
				free(words.v);
				if (peek()->type != T_SEMI && peek()->type != T_NEWLINE)
					unexpected();
				consume();
			} else if (peek()->type == T_SEMI) {
				consume();
			}
			skip_newlines();
			expect_word("do");
			n->b = parse_list();
			expect_word("done");
		} else if (strcmp(w, "case") == 0) {
			consume();
			n = mknode(N_CASE);
			if (peek()->type != T_WORD)
				unexpected();
			n->name = tok.text;
			consume();
			skip_newlines();
			expect_word("in");
			struct caseitem **tail = &n->items;
			for (;;) {
				skip_newlines();
				if (peek_word("esac"))
					break;
				struct caseitem *ci = salloc(sizeof(*ci));
				struct strv pats = { 0 };
				if (peek()->type == T_LPAREN)
					consume();
				for (;;) {
					if (peek()->type != T_WORD)
						unexpected();
					strv_push(&pats, tok.text);
					consume();
					if (peek()->type == T_PIPE) {
						consume();
						continue;
					}
					if (peek()->type != T_RPAREN)
						unexpected();
					consume();
					break;
				}
				ci->pats = vec_dup(pats.v, pats.n);
				ci->npats = pats.n;
				free(pats.v);
				skip_newlines();
				if (peek()->type != T_DSEMI && !peek_word("esac"))
					ci->body = parse_list();
				*tail = ci;
				tail = &ci->next;
				if (peek()->type == T_DSEMI) {
					consume();
					continue;
				}
				if (peek_word("esac"))
					break;
				unexpected();
			}
			consume();
		} else if (strcmp(w, "{") == 0) {
			consume();
			n = mknode(N_GROUP);
			n->a = parse_list();
			expect_word("}");
		} else {
			static const char *const bad[] = { "then", "else", "elif", "fi", "do", "done", "esac", "}", "in", 0 };
			for (int i = 0; bad[i]; i++)
				if (strcmp(w, bad[i]) == 0)
					unexpected();
			return parse_simple();
		}
	} else if (t->type == T_WORD || t->type == T_REDIR) {
		return parse_simple();
	} else {
		if (t->type == T_EOF)
			syntax_error("unexpected end of file");
		unexpected();
	}
	struct redir **rtail = &n->redirs;
	parse_redirs(&rtail);
	return n;
}

/*
 * Parse one complete command (up to an unquoted newline at top level).
 * *out is NULL for an empty line. Returns PARSE_EOF at end of input.
 */
int parse_one(struct source *s, struct node **out)
{
	struct source *saved_src = src;
	struct token saved_tok = tok;
	int saved_have = have_tok;
	jmp_buf saved_jmp;
	memcpy(saved_jmp, parse_jmp, sizeof(jmp_buf));
	src = s;
	have_tok = 0;
	npending = 0;
	s->ps2 = 0;
	*out = 0;
	int r = setjmp(parse_jmp);
	if (r == 0) {
		struct token *t = peek();
		while (t->type == T_NEWLINE) {
			consume();
			if (s->interactive) {
				memcpy(parse_jmp, saved_jmp, sizeof(jmp_buf));
				src = saved_src;
				tok = saved_tok;
				have_tok = saved_have;
				return PARSE_OK;
			}
			t = peek();
		}
		if (t->type == T_EOF) {
			r = PARSE_EOF;
		} else {
			struct node *first = 0, **tail = &first;
			for (;;) {
				struct node *n = parse_and_or();
				int tt = peek()->type;
				if (tt == T_AMP) {
					struct node *bg = mknode(N_BG);
					bg->a = n;
					n = bg;
				}
				struct node *sq = mknode(N_SEQ);
				sq->a = n;
				*tail = sq;
				tail = &sq->b;
				int sep = 0;
				if (tt == T_SEMI || tt == T_AMP) {
					consume();
					sep = 1;
					tt = peek()->type;
				}
				if (tt == T_NEWLINE) {
					consume();
					break;
				}
				if (tt == T_EOF)
					break;
				if (!sep)
					unexpected();
			}
			*out = first;
			r = PARSE_OK;
		}
	} else if (r == PARSE_INTR) {
		s->pos = s->len;
	} else {
		/* syntax error: drop the rest of the current line */
		if (s->interactive || s->fd >= 0) {
			while (s->pos < s->len && s->buf[s->pos] != '\n')
				s->pos++;
			if (s->pos < s->len)
				s->pos++;
		}
		r = PARSE_ERR;
	}
	memcpy(parse_jmp, saved_jmp, sizeof(jmp_buf));
	src = saved_src;
	tok = saved_tok;
	have_tok = saved_have;
	return r;
}

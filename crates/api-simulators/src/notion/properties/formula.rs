//! A deliberately tiny formula evaluator: enough for a "Score Formula" column to render a
//! real computed value (`prop("Recovery") * 100`). Anything it does not understand renders
//! as an empty string result rather than a guess.

#[derive(Debug, Clone, PartialEq)]
pub enum FVal {
    Num(f64),
    Str(String),
    Empty,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Op(char),
}

fn tokenize(src: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            out.push(Tok::Num(s.parse().ok()?));
        } else if c == '"' {
            let start = i + 1;
            i = start;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            if i >= chars.len() {
                return None;
            }
            out.push(Tok::Str(chars[start..i].iter().collect()));
            i += 1;
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else if "+-*/()".contains(c) {
            out.push(Tok::Op(c));
            i += 1;
        } else {
            return None;
        }
    }
    Some(out)
}

struct Parser<'a, F: Fn(&str) -> FVal> {
    toks: Vec<Tok>,
    pos: usize,
    lookup: &'a F,
}

impl<F: Fn(&str) -> FVal> Parser<'_, F> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expr(&mut self) -> Option<FVal> {
        let mut acc = self.term()?;
        while let Some(Tok::Op(op @ ('+' | '-'))) = self.peek().cloned() {
            self.pos += 1;
            let rhs = self.term()?;
            acc = binary(op, acc, rhs)?;
        }
        Some(acc)
    }

    fn term(&mut self) -> Option<FVal> {
        let mut acc = self.factor()?;
        while let Some(Tok::Op(op @ ('*' | '/'))) = self.peek().cloned() {
            self.pos += 1;
            let rhs = self.factor()?;
            acc = binary(op, acc, rhs)?;
        }
        Some(acc)
    }

    fn factor(&mut self) -> Option<FVal> {
        match self.next()? {
            Tok::Num(n) => Some(FVal::Num(n)),
            Tok::Str(s) => Some(FVal::Str(s)),
            Tok::Op('-') => binary('*', FVal::Num(-1.0), self.factor()?),
            Tok::Op('(') => {
                let v = self.expr()?;
                (self.next()? == Tok::Op(')')).then_some(v)
            }
            Tok::Ident(id) if id == "prop" => {
                if self.next()? != Tok::Op('(') {
                    return None;
                }
                let Tok::Str(name) = self.next()? else {
                    return None;
                };
                if self.next()? != Tok::Op(')') {
                    return None;
                }
                Some((self.lookup)(&name))
            }
            _ => None,
        }
    }
}

fn binary(op: char, a: FVal, b: FVal) -> Option<FVal> {
    match (a, b) {
        (FVal::Num(x), FVal::Num(y)) => Some(FVal::Num(match op {
            '+' => x + y,
            '-' => x - y,
            '*' => x * y,
            _ => x / y,
        })),
        (FVal::Str(x), y) if op == '+' => Some(FVal::Str(x + &to_text(y))),
        (x, FVal::Str(y)) if op == '+' => Some(FVal::Str(to_text(x) + &y)),
        (FVal::Empty, _) | (_, FVal::Empty) => Some(FVal::Empty),
        _ => None,
    }
}

fn to_text(v: FVal) -> String {
    match v {
        FVal::Num(n) => n.to_string(),
        FVal::Str(s) => s,
        FVal::Empty => String::new(),
    }
}

/// `None` when the expression is outside the supported subset.
pub fn eval(expression: &str, lookup: &impl Fn(&str) -> FVal) -> Option<FVal> {
    let toks = tokenize(expression)?;
    let mut p = Parser {
        toks,
        pos: 0,
        lookup,
    };
    let v = p.expr()?;
    (p.pos == p.toks.len()).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_the_subset() {
        let lookup = |n: &str| match n {
            "Recovery" => FVal::Num(0.5),
            "Name" => FVal::Str("Mon".into()),
            _ => FVal::Empty,
        };
        assert_eq!(
            eval("prop(\"Recovery\") * 100", &lookup),
            Some(FVal::Num(50.0))
        );
        assert_eq!(eval("(1 + 2) * -3", &lookup), Some(FVal::Num(-9.0)));
        assert_eq!(
            eval("prop(\"Name\") + \"!\"", &lookup),
            Some(FVal::Str("Mon!".into()))
        );
        assert_eq!(eval("prop(\"Nope\") * 2", &lookup), Some(FVal::Empty));
        assert_eq!(eval("if(true, 1, 2)", &lookup), None);
    }
}

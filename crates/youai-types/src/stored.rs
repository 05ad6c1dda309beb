//! Enums stored as their wire names in TEXT columns, on SQLite and PostgreSQL alike (the
//! `diesel` feature). A stored value that names no variant is a deserialization error naming
//! the type and the value, never a silent default.

/// A stored value its column's type cannot read: a name no variant has, or text that is not
/// the type's JSON. The deserialization error, kept typed so the server can find and name the
/// rows that hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableValue {
    /// The Rust type the column is read as, e.g. `ActivityStatus`.
    pub type_name: &'static str,
    /// The stored text.
    pub value: String,
    /// What the type accepts, or the parser's complaint.
    pub expected: String,
}

impl std::fmt::Display for UnreadableValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "stored value {:?} is not a {} ({})",
            self.value, self.type_name, self.expected
        )
    }
}

impl std::error::Error for UnreadableValue {}

/// TEXT `ToSql`/`FromSql` for an enum with `ALL`, `as_str` and `parse`, generic over the
/// backend (so the multi-backend connection gets them too). The enum derives
/// `diesel::AsExpression` and `diesel::FromSqlRow` with `sql_type = Text` itself.
#[macro_export]
macro_rules! stored_as_text {
    ($($name:ident),+ $(,)?) => {$(
        #[cfg(feature = "diesel")]
        const _: () = {
            use diesel::backend::Backend;
            use diesel::deserialize::{self, FromSql};
            use diesel::serialize::{self, Output, ToSql};
            use diesel::sql_types::Text;

            impl<DB> ToSql<Text, DB> for $name
            where
                DB: Backend,
                str: ToSql<Text, DB>,
            {
                fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                    self.as_str().to_sql(out)
                }
            }

            impl<DB> FromSql<Text, DB> for $name
            where
                DB: Backend,
                String: FromSql<Text, DB>,
            {
                fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                    let text = String::from_sql(bytes)?;
                    match $name::parse(&text) {
                        Some(v) => Ok(v),
                        None => Err(Box::new($crate::stored::UnreadableValue {
                            type_name: stringify!($name),
                            expected: format!(
                                "one of: {}",
                                $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                            ),
                            value: text,
                        })),
                    }
                }
            }
        };
    )+};
}

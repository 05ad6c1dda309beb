//! Enums stored as their wire names in TEXT columns, on SQLite and PostgreSQL alike (the
//! `diesel` feature). A stored value that names no variant is a deserialization error naming
//! the type and the value, never a silent default.

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
                    $name::parse(&text).ok_or_else(|| {
                        format!(
                            "stored value {text:?} is not a {} (one of: {})",
                            stringify!($name),
                            $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                        )
                        .into()
                    })
                }
            }
        };
    )+};
}

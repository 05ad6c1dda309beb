//! JSON kept in a TEXT column, read and written as its Rust type: a list of skill ids is a
//! `Json<Vec<i64>>`, never a string someone parses with a default. Text that is not the type's
//! JSON is a deserialization error, like an unknown status.

use std::fmt::Debug;
use std::io::Write;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::DbConn;

/// A value stored as its JSON text.
#[derive(Debug, Clone, PartialEq, Eq, Default, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Json<T: Debug + Clone + PartialEq + 'static>(pub T);

/// The multi-backend connection's backend.
type Multi = <DbConn as diesel::Connection>::Backend;

impl<T: Serialize + Debug + Clone + PartialEq> ToSql<Text, Pg> for Json<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(serde_json::to_string(&self.0)?.as_bytes())?;
        Ok(IsNull::No)
    }
}

impl<T: Serialize + Debug + Clone + PartialEq> ToSql<Text, Sqlite> for Json<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(serde_json::to_string(&self.0)?);
        Ok(IsNull::No)
    }
}

impl<T: Serialize + Debug + Clone + PartialEq + Send + Sync + 'static> ToSql<Text, Multi>
    for Json<T>
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Multi>) -> serialize::Result {
        out.set_value((Text, self));
        Ok(IsNull::No)
    }
}

impl<T, DB> FromSql<Text, DB> for Json<T>
where
    T: DeserializeOwned + Debug + Clone + PartialEq,
    DB: Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let text = String::from_sql(bytes)?;
        match serde_json::from_str(&text) {
            Ok(v) => Ok(Json(v)),
            Err(e) => Err(Box::new(youai_types::UnreadableValue {
                type_name: std::any::type_name::<T>(),
                expected: e.to_string(),
                value: text,
            })),
        }
    }
}

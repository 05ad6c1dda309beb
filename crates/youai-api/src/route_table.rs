//! The documented routes, read from the spec once at start-up: which methods a path allows
//! (for 405 with `Allow`) and which operation a request is (for the gates table).

/// A documented path: its segments, and the (method, operation id) pairs on it.
type DocumentedPath = (Vec<String>, Vec<(String, String)>);

/// The documented paths and their methods, to answer 405 with `Allow` for a known path.
#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<DocumentedPath>,
}

impl RouteTable {
    pub fn from_spec(spec: &utoipa::openapi::OpenApi) -> Self {
        let routes = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path.split('/').map(str::to_owned).collect();
                let methods = [
                    (&item.get, "GET"),
                    (&item.post, "POST"),
                    (&item.put, "PUT"),
                    (&item.patch, "PATCH"),
                    (&item.delete, "DELETE"),
                ]
                .into_iter()
                .filter_map(|(op, m)| {
                    let id = op.as_ref()?.operation_id.clone().unwrap_or_default();
                    Some((m.to_owned(), id))
                })
                .collect();
                (segments, methods)
            })
            .collect();
        RouteTable { routes }
    }

    /// The methods allowed on `path`, if some documented route matches it.
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let parts: Vec<&str> = path.split('/').collect();
        let mut found: Option<Vec<String>> = None;
        for (segments, methods) in &self.routes {
            let matches = segments.len() == parts.len()
                && segments
                    .iter()
                    .zip(&parts)
                    .all(|(s, p)| s == p || (s.starts_with('{') && !p.is_empty()));
            if matches {
                found
                    .get_or_insert_with(Vec::new)
                    .extend(methods.iter().map(|(m, _)| m.clone()));
            }
        }
        found
    }

    /// The operation a request names: the documented route with the most literal segments
    /// matching the path, and the method.
    pub fn operation(&self, method: &str, path: &str) -> Option<&str> {
        let parts: Vec<&str> = path.split('/').collect();
        self.routes
            .iter()
            .filter(|(segments, _)| {
                segments.len() == parts.len()
                    && segments
                        .iter()
                        .zip(&parts)
                        .all(|(s, p)| s == p || (s.starts_with('{') && !p.is_empty()))
            })
            .max_by_key(|(segments, _)| segments.iter().filter(|s| !s.starts_with('{')).count())
            .and_then(|(_, methods)| {
                methods
                    .iter()
                    .find(|(m, _)| m == method)
                    .map(|(_, id)| id.as_str())
            })
    }
}

/*
 * Stock PostgreSQL delete: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/postgres/delete.js; auth0/docs .../custom-db/templates/delete.md).
 * Adapted (bench/stock/README.md): a pg 8 Client for the removed pg.connect(conString, cb), ended where
 * the template calls done(); configuration.POSTGRES_URL.
 */
function remove(id, callback) {
  const postgres = require('pg');

  const client = new postgres.Client(configuration.POSTGRES_URL);
  client.connect(function (err) {
    if (err) return callback(err);

    const query = 'DELETE FROM users WHERE id = $1';
    client.query(query, [id], function (err) {
      client.end();

      return callback(err);
    });
  });
}

/*
 * Stock PostgreSQL create: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/postgres/create.js; auth0/docs .../custom-db/templates/create.md).
 * Adapted (bench/stock/README.md): a pg 8 Client for the removed pg.connect(conString, cb), ended where
 * the template calls done(); configuration.POSTGRES_URL; the hash in `password_hash`.
 */
function create(user, callback) {
  const bcrypt = require('bcrypt');
  const postgres = require('pg');

  const client = new postgres.Client(configuration.POSTGRES_URL);
  client.connect(function (err) {
    if (err) return callback(err);

    bcrypt.hash(user.password, 10, function (err, hashedPassword) {
      if (err) {
        client.end();
        return callback(err);
      }

      const query = 'INSERT INTO users(email, password_hash) VALUES ($1, $2)';
      client.query(query, [user.email, hashedPassword], function (err) {
        client.end();

        return callback(err);
      });
    });
  });
}

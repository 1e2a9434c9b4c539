/*
 * Stock PostgreSQL login: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/postgres/login.js; auth0/docs articles/connections/database/custom-db/templates/login.md).
 * Adapted (bench/stock/README.md): a pg 8 Client for the removed pg.connect(conString, cb), ended where
 * the template calls done(); configuration.POSTGRES_URL; the hash in `password_hash` (the template's
 * `password`).
 */
function login(email, password, callback) {
  const bcrypt = require('bcrypt');
  const postgres = require('pg');

  const client = new postgres.Client(configuration.POSTGRES_URL);
  client.connect(function (err) {
    if (err) return callback(err);

    const query = 'SELECT id, nickname, email, password_hash FROM users WHERE email = $1';
    client.query(query, [email], function (err, result) {
      client.end();

      if (err || result.rows.length === 0) return callback(err || new WrongUsernameOrPasswordError(email));

      const user = result.rows[0];

      bcrypt.compare(password, user.password_hash, function (err, isValid) {
        if (err || !isValid) return callback(err || new WrongUsernameOrPasswordError(email));

        return callback(null, {
          user_id: user.id,
          nickname: user.nickname,
          email: user.email,
        });
      });
    });
  });
}

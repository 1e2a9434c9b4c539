/*
 * Stock PostgreSQL get_user: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/postgres/get_user.js; auth0/docs .../custom-db/templates/get-user.md).
 * Adapted (bench/stock/README.md): a pg 8 Client for the removed pg.connect(conString, cb), ended where
 * the template calls done(); configuration.POSTGRES_URL.
 */
function loginByEmail(email, callback) {
  const postgres = require('pg');

  const client = new postgres.Client(configuration.POSTGRES_URL);
  client.connect(function (err) {
    if (err) return callback(err);

    const query = 'SELECT id, nickname, email FROM users WHERE email = $1';
    client.query(query, [email], function (err, result) {
      client.end();

      if (err || result.rows.length === 0) return callback(err);

      const user = result.rows[0];

      return callback(null, {
        user_id: user.id,
        nickname: user.nickname,
        email: user.email,
      });
    });
  });
}

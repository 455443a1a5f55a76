# background jobs and wait
(sleep 0; echo background) &
wait
echo "waited $?"
sh -c 'exit 5' &
wait $!
echo "job status $?"
true & false & wait
echo "all done"

# error messages of builtins and tools
cd /nonexistent-dir
echo "cd $?"
cat /nonexistent-file
echo "cat $?"
ls /nonexistent-dir
echo "ls $?"
shift 5
echo "shift $?"

/** How much of an Atari observation conv1 reads is 0: run by run.sh (args: game, steps, "sub" for the background subtraction). */
import java.lang.foreign.*;
import a3c.atari.*;
import a3c.engine.env.*;
public class Density {
  public static void main(String[] a) throws Exception {
    String game = a[0]; int steps = Integer.parseInt(a[1]); boolean sub = a.length > 2;
    Environment env = Environments.make(game, EnvOptions.defaults().romDir(java.nio.file.Path.of("/work/shared/roms")).build(), 1);
    if (sub) env = new FilteredEnvironment(env, new BackgroundSubtraction(env.observationShape().floats()));
    ObservationShape s = env.observationShape();
    int H=s.height(), W=s.width(), C=s.channels();
    MemorySegment x = Arena.ofAuto().allocate((long)H*W*C*4, 64);
    env.reset(x);
    java.util.Random r = new java.util.Random(1);
    double tiles=0, nzVal=0, nzLoc=0, zeroWin=0, rowsNz=0; int n=0;
    int[] phase = new int[16];
    for (int t=0;t<steps;t++){
      var res = env.step(r.nextInt(env.actionCount()), x);
      if (env.gameOver()) env.reset(x);
      int v=0, l=0; boolean[] loc = new boolean[H*W];
      for (int i=0;i<H*W;i++){ boolean any=false; for(int c=0;c<C;c++){ if (x.getAtIndex(ValueLayout.JAVA_FLOAT,(long)i*C+c)!=0f){v++;any=true;} } if(any){l++;loc[i]=true;} }
      int zw=0;
      for(int oy=0;oy<20;oy++)for(int ox=0;ox<20;ox++){boolean any=false; for(int ky=0;ky<8&&!any;ky++)for(int kx=0;kx<8;kx++) if(loc[(4*oy+ky)*W+4*ox+kx]){any=true;break;} if(!any)zw++;}
      // 8-pixel row segments (kx run) that are nonzero
      int segs=0; for(int y=0;y<H;y++)for(int ox=0;ox<20;ox++){boolean any=false; for(int kx=0;kx<8;kx++) if(loc[y*W+4*ox+kx]){any=true;break;} if(any)segs++;}
      int tileRows=0; for(int oy=0;oy<20;oy++)for(int tt=0;tt<5;tt++)for(int ky=0;ky<8;ky++){boolean any=false; for(int ox=4*tt;ox<4*tt+4&&!any;ox++)for(int kx=0;kx<8;kx++) if(loc[(4*oy+ky)*W+4*ox+kx]){any=true;break;} if(any)tileRows++;}
      tiles += tileRows/(double)(20*5*8);
      nzVal += v/(double)(H*W*C); nzLoc += l/(double)(H*W); zeroWin += zw/400.0; rowsNz += segs/(double)(H*20); n++;
    }
    System.out.printf("%s sub=%b: values!=0 %.3f, locations!=0 %.3f, conv1 windows all 0 %.3f, window-rows (8 px) !=0 %.3f, tile rows (4 windows) != 0 %.3f%n", game, sub, nzVal/n, nzLoc/n, zeroWin/n, rowsNz/n, tiles/n);
  }
}
